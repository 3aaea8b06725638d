import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { AddCommentDocument, VoteCommentDocument } from '@atrium/schema';
import { print } from 'graphql';
import { toGlobalId } from '../src/graphql/global-id.js';
import { SESSION_PREFIX, tokenHash } from '../src/modules/auth/auth.service.js';
import { benchDatabase, startBenchApp, table } from './lib.js';

/**
 * Comment write latency (#21 spine: the domain event written in each write's transaction):
 * addComment and voteComment answered over HTTP, one at a time, on PostgreSQL and PGlite.
 *   npm run bench -- comment-write      COMMENT_BENCH_N=300 writes of each kind (default)
 */
const N = Number(process.env.COMMENT_BENCH_N ?? 300);
const VOTERS = 20;

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

async function runOne(label: string, databaseUrl: string | null): Promise<Array<string | number>[]> {
  const app = await startBenchApp(databaseUrl);
  const db = app.database.ds;
  try {
    const [cat] = await db.query(`insert into categories (slug, name) values ('cw-bench', 'Bench') returning id`);
    const [sec] = await db.query(`insert into sections (category_id, slug, name) values ($1, 'cw-bench', 'Bench') returning id`, [cat.id]);
    const tokens: string[] = [];
    const ids: string[] = [];
    for (let i = 0; i <= VOTERS; i++) {
      const [u] = await db.query(
        `insert into users (handle, display_name, email, email_verified_at, password_hash, role, status) values ($1, $1, $2, now(), 'x', 'MEMBER', 'ACTIVE') returning id`,
        [`cw_${i}`, `cw${i}@bench.example`],
      );
      const token = SESSION_PREFIX + randomBytes(32).toString('base64url');
      await db.query(`insert into sessions (user_id, token_hash, expires_at) values ($1, $2, now() + interval '1 day')`, [u.id, tokenHash(token)]);
      tokens.push(token);
      ids.push(u.id);
    }
    const [article] = await db.query(
      `insert into articles (section_id, author_id, slug, title, body, body_html, excerpt, status, published_at)
       values ($1, $2, 'cw-bench', 'Bench', 'Body', '<p>Body</p>', 'Body', 'PUBLISHED', now()) returning id`,
      [sec.id, ids[0]],
    );
    const post = async (token: string, query: string, variables: unknown) => {
      const started = performance.now();
      const res = await fetch(`${app.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      });
      const json = (await res.json()) as { errors?: unknown[]; data?: { addComment?: { comment: { id: string } } } };
      const ms = performance.now() - started;
      if (json.errors) throw new Error(`bench write failed: ${JSON.stringify(json.errors).slice(0, 300)}`);
      return { ms, json };
    };
    const add = print(AddCommentDocument);
    const vote = print(VoteCommentDocument);
    const articleId = toGlobalId('Article', article.id);
    let target = '';
    for (let i = 0; i < 10; i++) target = (await post(tokens[0], add, { input: { articleId, body: `warm-up ${i}` } })).json.data!.addComment!.comment.id;
    const adds: number[] = [];
    for (let i = 0; i < N; i++) adds.push((await post(tokens[0], add, { input: { articleId, body: `Comment number ${i}, with some words.` } })).ms);
    const votes: number[] = [];
    for (let i = 0; i < N; i++) {
      const voter = tokens[1 + (i % VOTERS)];
      votes.push((await post(voter, vote, { input: { commentId: target, value: i % (2 * VOTERS) < VOTERS ? 'UP' : 'DOWN' } })).ms);
    }
    return [
      [label, 'addComment', N, pct(adds, 50), pct(adds, 95), adds.reduce((a, b) => a + b, 0) / N],
      [label, 'voteComment', N, pct(votes, 50), pct(votes, 95), votes.reduce((a, b) => a + b, 0) / N],
    ];
  } finally {
    await app.close();
  }
}

export async function runCommentWriteBench() {
  const rows: Array<string | number>[] = [];
  const only = process.env.COMMENT_BENCH_DB;
  if (only !== 'pglite') {
    const pgdb = await benchDatabase('cw');
    try {
      rows.push(...(await runOne('PostgreSQL', pgdb.url)));
    } finally {
      await pgdb.drop();
    }
  }
  if (only !== 'postgres') rows.push(...(await runOne('PGlite', null)));
  table('Comment writes, one at a time over HTTP (ms)', ['database', 'mutation', 'n', 'p50', 'p95', 'mean'], rows);
}
