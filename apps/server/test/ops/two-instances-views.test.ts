import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanUpChildServers, startChildServer, type ChildServer } from '../child-server.js';
import { buildArticle, buildUser, type TestUser } from '../factories.js';
import { app, sql, useTestApp } from '../harness.js';

/**
 * Article views and searches counted by TWO server processes on one PostgreSQL database
 * (test/child-server.ts): every reader views the same article on both instances, several
 * times, while both flush every 100 ms; the totals are exact (one view per reader and day),
 * bots count nothing, and what is still in memory at SIGTERM is written before exit.
 */
const onPostgres = !!process.env.DATABASE_URL;
const VISITORS = 120;
const MEMBERS = 30;
const ROUNDS = 3;
const SEARCHES = 25;

cleanUpChildServers();

const ua = (i: number) => `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${100 + i}.0.${i}.0 Safari/537.36`;

async function post(base: string, query: string, variables: unknown, headers: Record<string, string>) {
  const res = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as { data?: Record<string, unknown> | null; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

describe.skipIf(!onPostgres)('two server processes count the views of one article (skipped on PGlite: one embedded database cannot be shared by two processes)', () => {
  useTestApp();
  let a: ChildServer;
  let b: ChildServer;
  let article: Awaited<ReturnType<typeof buildArticle>>;
  const members: TestUser[] = [];

  beforeAll(async () => {
    article = await buildArticle({ title: 'Counted twice, once' });
    for (let i = 0; i < MEMBERS; i++) members.push(await buildUser());
    const env = { DATABASE_URL: app().config.databaseUrl!, SEED_DEMO: 'false', INSIGHTS_FLUSH_MS: '100', RATE_LIMIT_IP_POINTS: '1000000', RATE_LIMIT_USER_POINTS: '1000000' };
    [a, b] = await Promise.all([startChildServer(env), startChildServer(env)]);
  }, 120_000);

  afterAll(async () => {
    for (const s of [a, b]) if (s && s.proc.exitCode === null) s.proc.kill('SIGKILL');
  });

  it('every reader once, on either instance, whatever the interleaving; bots never; totals exact after SIGTERM', async () => {
    const view = `mutation($input: RecordArticleViewInput!) { recordArticleView(input: $input) { counted } }`;
    const search = `query($q: String!) { search(query: $q, first: 5) { totalCount } }`;
    const requests: Array<() => Promise<unknown>> = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const server of [a, b]) {
        for (let i = 0; i < VISITORS; i++) requests.push(() => post(server.url, view, { input: { articleId: article.gid } }, { 'user-agent': ua(i) }));
        for (const m of members) requests.push(() => post(server.url, view, { input: { articleId: article.gid } }, { 'user-agent': ua(round), authorization: `Bearer ${m.token}` }));
        requests.push(() => post(server.url, view, { input: { articleId: article.gid } }, { 'user-agent': 'Googlebot/2.1 (+http://www.google.com/bot.html)' }));
      }
    }
    for (let i = 0; i < SEARCHES; i++) for (const server of [a, b]) requests.push(() => post(server.url, search, { q: 'Zqxv two instances' }, { 'user-agent': ua(1) }));
    // shuffled, 40 at a time: both instances take requests (and flush every 100 ms) at the same time
    requests.sort(() => Math.random() - 0.5);
    const workers = Array.from({ length: 40 }, async () => {
      for (let next = requests.pop(); next; next = requests.pop()) await next();
    });
    await Promise.all(workers);

    a.proc.kill('SIGTERM');
    b.proc.kill('SIGTERM');
    expect(await Promise.all([a.exited, b.exited])).toEqual([0, 0]);

    const [views] = await sql<{ views: number }>('select coalesce(sum(views), 0)::int as views from article_views_daily where article_id = $1', [article.id]);
    expect(views.views).toBe(VISITORS + MEMBERS);
    const [readers] = await sql<{ n: number }>('select count(*)::int as n from article_view_readers where article_id = $1', [article.id]);
    expect(readers.n).toBe(VISITORS + MEMBERS);
    // the section's daily rollup, kept by both instances' flushes, matches the article-day rows
    const [rollup] = await sql<{ rolled: number; raw: number }>(
      `select (select coalesce(sum(views), 0)::int from insights_section_views_daily where section_id = a.section_id) as rolled,
              (select coalesce(sum(v.views), 0)::int from article_views_daily v join articles b on b.id = v.article_id where b.section_id = a.section_id) as raw
         from articles a where a.id = $1`,
      [article.id],
    );
    expect(rollup.raw).toBeGreaterThanOrEqual(VISITORS + MEMBERS);
    expect(rollup.rolled).toBe(rollup.raw);
    const [searches] = await sql<{ searches: number; none: number }>(
      `select sum(searches)::int as searches, sum(no_result_searches)::int as none from search_queries_daily where query = 'zqxv two instances'`,
    );
    expect(searches).toEqual({ searches: 2 * SEARCHES, none: 2 * SEARCHES });
  }, 120_000);
});
