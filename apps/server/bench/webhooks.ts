import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { AddCommentDocument } from '@atrium/schema';
import { print } from 'graphql';
import { toGlobalId } from '../src/graphql/global-id.js';
import { SESSION_PREFIX, tokenHash } from '../src/modules/auth/auth.service.js';
import type { App } from '../src/http/server.js';
import { WebhookReceiver } from '../test/webhook-receiver.js';
import { benchDatabase, startBenchApp, table } from './lib.js';

/**
 * Webhooks under load: comments at RATE per minute for `--minutes N` with 20 endpoints on a
 * local receiver (18 healthy, one answering after 2 s, one answering 500), on PostgreSQL.
 * Reports delivery latency from the event's commit (its transaction's time) to receipt at
 * the healthy endpoints (p50/p99), lost and duplicated deliveries there, what the slow and the
 * failing endpoints got, and addComment latency with webhooks on against an A phase without
 * any endpoint (N/2 minutes).
 *   npm run bench -- webhooks --minutes 2
 */
const RATE = Number(process.env.WEBHOOK_BENCH_RATE ?? 1000);
const HEALTHY = 18;

const pct = (xs: number[], p: number) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))] : NaN);

async function seed(app: App) {
  const db = app.database.ds;
  const [cat] = await db.query(`insert into categories (slug, name) values ('wh-bench', 'Webhook bench') returning id`);
  const [sec] = await db.query(`insert into sections (category_id, slug, name) values ($1, 'wh-bench', 'Webhook bench') returning id`, [cat.id]);
  const writers: string[] = [];
  for (let i = 0; i < 20; i++) {
    const [u] = await db.query(
      `insert into users (handle, display_name, email, email_verified_at, password_hash, role, status) values ($1, $1, $1 || '@bench.example', now(), 'x', 'MEMBER', 'ACTIVE') returning id`,
      [`whw_${i}`],
    );
    const token = SESSION_PREFIX + randomBytes(32).toString('base64url');
    await db.query(`insert into sessions (user_id, token_hash, expires_at) values ($1, $2, now() + interval '1 day')`, [u.id, tokenHash(token)]);
    writers.push(token);
  }
  const articles: string[] = [];
  for (let i = 0; i < 10; i++) {
    const [a] = await db.query(
      `insert into articles (section_id, author_id, slug, title, body, body_html, excerpt, status, published_at)
       select $1, (select id from users where handle = 'whw_0'), 'wh-bench-' || $2::int, 'Webhook bench ' || $2::int, 'Body', '<p>Body</p>', 'Body', 'PUBLISHED', now() returning id`,
      [sec.id, i],
    );
    articles.push(toGlobalId('Article', a.id));
  }
  // each writer comments often: its first comment made it a known member (no pre-moderation for links anyway)
  return { writers, articles };
}

/** Comments at RATE per minute for `ms`; answers each addComment's latency and the ids written. */
async function write(app: App, seedData: { writers: string[]; articles: string[] }, ms: number, tag: string) {
  const latencies: number[] = [];
  const ids: string[] = [];
  const errors: string[] = [];
  const interval = 60_000 / RATE;
  const start = performance.now();
  const inflight = new Set<Promise<void>>();
  for (let i = 0; performance.now() - start < ms; i++) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const p = (async () => {
      const t0 = performance.now();
      const res = await fetch(`${app.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${seedData.writers[i % seedData.writers.length]}` },
        body: JSON.stringify({ query: print(AddCommentDocument), variables: { input: { articleId: seedData.articles[i % seedData.articles.length], body: `${tag} comment ${i}` } } }),
      });
      const json = (await res.json()) as { data?: { addComment: { comment: { id: string } } }; errors?: unknown };
      latencies.push(performance.now() - t0);
      if (json.errors || !json.data) errors.push(JSON.stringify(json.errors).slice(0, 200));
      else ids.push(json.data.addComment.comment.id);
    })();
    inflight.add(p);
    void p.finally(() => inflight.delete(p));
  }
  await Promise.all(inflight);
  return { latencies, ids, errors, seconds: (performance.now() - start) / 1000 };
}

export async function runWebhooksBench({ minutes = 2 }: { minutes?: number } = {}) {
  const database = await benchDatabase('webhooks');
  const receiver = new WebhookReceiver();
  await receiver.start();
  receiver.behave('/slow', { status: 200, delayMs: 2000 });
  receiver.behave('/fail', { status: 500 });
  const app = await startBenchApp(database.url, { webhookAllowPrivate: true });
  try {
    const seedData = await seed(app);
    // A: no endpoint (the consumer finds none and writes nothing)
    const off = await write(app, seedData, (minutes / 2) * 60_000, 'off');

    const paths = [...Array.from({ length: HEALTHY }, (_, i) => `/h${i}`), '/slow', '/fail'];
    const db = app.database.ds;
    for (const path of paths) {
      await db.query(`insert into webhook_endpoints (url, events, secret, active, updated_at) values ($1, '{comment.published}', $2, true, now())`, [
        `${receiver.url}${path}`,
        `whsec_${randomBytes(24).toString('base64')}`,
      ]);
    }
    receiver.received.length = 0;
    const on = await write(app, seedData, minutes * 60_000, 'on');
    const expected = new Set(on.ids);
    const healthy = paths.slice(0, HEALTHY);
    const commentOf = (body: string) => (JSON.parse(body) as { data: { comment: { id: string } } }).data.comment.id;
    const drainStart = performance.now();
    await receiver
      .waitFor(() => healthy.every((p) => new Set(receiver.for(p).map((r) => commentOf(r.body))).size >= expected.size), 120_000, 'healthy endpoints drained')
      .catch((err) => console.log(String(err)));
    const drainSeconds = (performance.now() - drainStart) / 1000;
    await new Promise((r) => setTimeout(r, 2000)); // a moment for duplicates to show up

    const latencies: number[] = [];
    let lost = 0;
    let duplicated = 0;
    for (const p of healthy) {
      const got = receiver.for(p).filter((r) => expected.has(commentOf(r.body)));
      const unique = new Set(got.map((r) => commentOf(r.body)));
      lost += expected.size - unique.size;
      duplicated += got.length - unique.size;
      for (const r of got) latencies.push(r.at - Date.parse((JSON.parse(r.body) as { timestamp: string }).timestamp));
    }
    // not received: still PENDING in the table (late), or no delivery row at all (lost)
    const [rows] = await db.query(
      `select count(*)::int as total, count(*) filter (where d.status <> 'SUCCEEDED')::int as pending
       from webhook_deliveries d join webhook_endpoints e on e.id = d.endpoint_id where e.url ~ '/h[0-9]+$'`,
    );
    const [failRow] = await db.query(
      `select count(*)::int as deliveries, coalesce(sum(d.attempts), 0)::int as attempts, bool_or(e.circuit_open_until > now()) as open
       from webhook_deliveries d join webhook_endpoints e on e.id = d.endpoint_id where e.url like '%/fail'`,
    );
    table(
      `Webhooks: ${RATE} comments/min for ${minutes} min (A phase without endpoints: ${minutes / 2} min), ${paths.length} endpoints on a local receiver (PostgreSQL)`,
      ['measure', 'value'],
      [
        ['comments written (webhooks on / off)', `${on.ids.length} / ${off.ids.length} (errors ${on.errors.length} / ${off.errors.length})`],
        ['addComment p50 / p99 ms, webhooks off', `${pct(off.latencies, 50).toFixed(1)} / ${pct(off.latencies, 99).toFixed(1)}`],
        ['addComment p50 / p99 ms, webhooks on', `${pct(on.latencies, 50).toFixed(1)} / ${pct(on.latencies, 99).toFixed(1)}`],
        ['deliveries to healthy endpoints', `${latencies.length} (${HEALTHY} × ${expected.size} expected)`],
        ['commit → receipt p50 / p99 ms (healthy)', `${pct(latencies, 50).toFixed(0)} / ${pct(latencies, 99).toFixed(0)}`],
        ['not received by the end / of those still pending (late) / lost (no row) / duplicated', `${lost} / ${rows.pending} / ${HEALTHY * expected.size - rows.total} / ${duplicated}`],
        ['drained after the writes (s)', drainSeconds.toFixed(1)],
        ['slow endpoint (2 s answers): received', receiver.for('/slow').length],
        ['failing endpoint (500): deliveries / attempts / circuit open', `${failRow.deliveries} / ${failRow.attempts} / ${failRow.open}`],
      ],
    );
    if (on.errors.length) console.log('first errors:', on.errors.slice(0, 3));
  } finally {
    await app.close();
    await receiver.close();
    await database.drop();
  }
}
