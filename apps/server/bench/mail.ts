import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { SMTPServer } from 'smtp-server';
import { AddCommentDocument } from '@atrium/schema';
import { print } from 'graphql';
import { toGlobalId } from '../src/graphql/global-id.js';
import { SESSION_PREFIX, tokenHash } from '../src/modules/auth/auth.service.js';
import { benchDatabase, startBenchApp, table } from './lib.js';

/**
 * Notification mail: a comment on an article with N followers whose preference for followed
 * articles is INSTANTLY. The addComment answer time with the followers' preference NEVER
 * (notifications only) and INSTANTLY (a mail each): the fan-out runs in the notification
 * outbox worker, not in the request, so both should be the same. Then the time until all N
 * mails reached a real SMTP server (smtp-server in this process), and the process RSS.
 *   npm run bench -- mail            (PostgreSQL, then PGlite)   MAIL_BENCH_N=2000 for a shorter run
 */
const N = Number(process.env.MAIL_BENCH_N ?? 10_000);
const COMMENTS = 3;

async function smtp(): Promise<{ url: string; count(): number; close(): Promise<void> }> {
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, cb) {
      stream.on('data', () => {});
      stream.on('end', () => {
        received++;
        cb();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.server.address() as { port: number };
  return { url: `smtp://127.0.0.1:${port}`, count: () => received, close: () => new Promise((r) => server.close(() => r())) };
}

async function runOne(label: string, databaseUrl: string | null) {
  const mailbox = await smtp();
  const app = await startBenchApp(databaseUrl, { smtpUrl: mailbox.url });
  const db = app.database.ds;
  try {
    const [cat] = await db.query(`insert into categories (slug, name) values ('mail-bench', 'Mail bench') returning id`);
    const [sec] = await db.query(`insert into sections (category_id, slug, name) values ($1, 'mail-bench', 'Mail bench') returning id`, [cat.id]);
    const [writer] = await db.query(
      `insert into users (handle, display_name, email, email_verified_at, password_hash, role, status) values ('writer', 'Writer', 'writer@bench.example', now(), 'x', 'MEMBER', 'ACTIVE') returning id`,
    );
    const token = SESSION_PREFIX + randomBytes(32).toString('base64url');
    await db.query(`insert into sessions (user_id, token_hash, expires_at) values ($1, $2, now() + interval '1 day')`, [writer.id, tokenHash(token)]);
    const [article] = await db.query(
      `insert into articles (section_id, author_id, slug, title, body, body_html, excerpt, status, published_at)
       values ($1, $2, 'mail-bench', 'Mail bench', 'Body', '<p>Body</p>', 'Body', 'PUBLISHED', now()) returning id`,
      [sec.id, writer.id],
    );
    await db.query(
      `insert into users (handle, display_name, email, email_verified_at, password_hash, role, status)
       select 'follower_' || i, 'Follower ' || i, 'follower' || i || '@bench.example', now(), 'x', 'MEMBER', 'ACTIVE' from generate_series(1, $1::int) i`,
      [N],
    );
    await db.query(`insert into follows (user_id, article_id) select id, $1 from users where handle like 'follower%'`, [article.id]);
    const setFollows = (f: string) =>
      db.query(`insert into notification_preferences (user_id, replies, follows, moderation) select id, 'INSTANTLY', $1, 'INSTANTLY' from users where handle like 'follower%'
                on conflict (user_id) do update set follows = excluded.follows`, [f]);
    const comment = async (i: number) => {
      const t0 = performance.now();
      const res = await fetch(`${app.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: print(AddCommentDocument), variables: { input: { articleId: toGlobalId('Article', article.id), body: `Comment ${i} with **markdown**` } } }),
      });
      const json = (await res.json()) as { errors?: unknown };
      if (json.errors) throw new Error(JSON.stringify(json.errors));
      return performance.now() - t0;
    };
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const settle = () => app.services.notifications.outbox.drain();

    await setFollows('NEVER');
    await comment(0); // warm-up
    await settle();
    const without: number[] = [];
    for (let i = 1; i <= COMMENTS; i++) {
      without.push(await comment(i));
      await settle();
    }
    await setFollows('INSTANTLY');
    const rssBefore = process.memoryUsage().rss;
    const t0 = performance.now();
    const withMail = [await comment(100)];
    let peak = 0;
    while (mailbox.count() < N) {
      peak = Math.max(peak, process.memoryUsage().rss);
      await new Promise((r) => setTimeout(r, 100));
      if (performance.now() - t0 > 30 * 60_000) throw new Error(`only ${mailbox.count()} of ${N} mails after 30 minutes`);
    }
    const allMailed = (performance.now() - t0) / 1000;
    // more comments with the preference INSTANTLY (their fan-out and mails run after the answer)
    for (let i = 101; i < 100 + COMMENTS; i++) withMail.push(await comment(i));
    const [{ n }] = await db.query(`select count(*)::int as n from mails`);
    table(`notification mail, ${label}: one comment, ${N} followers (INSTANTLY)`, ['measure', 'value'], [
      ['addComment p50, followers NEVER (ms)', median(without)],
      ['addComment p50, followers INSTANTLY (ms)', median(withMail)],
      [`all ${N} mails at the SMTP server (s)`, allMailed],
      ['mail rows written', n],
      ['RSS before (MB)', rssBefore / 1048576],
      ['RSS peak while sending (MB)', peak / 1048576],
    ]);
  } finally {
    await app.close();
    await mailbox.close();
  }
}

/** MAIL_BENCH_DB=postgres or pglite runs only that one. */
export async function runMailBench() {
  const only = process.env.MAIL_BENCH_DB;
  if (only !== 'pglite') {
    const pgdb = await benchDatabase('mail');
    try {
      await runOne('PostgreSQL', pgdb.url);
    } finally {
      await pgdb.drop();
    }
  }
  if (only !== 'postgres') await runOne('PGlite', null);
}
