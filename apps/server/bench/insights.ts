/**
 * Article-health bench (#22): the staff dashboard's queries on a help center with 5,000
 * articles (100 sections), 2,000 members, 2 million views over a year (article_views_daily),
 * 500,000 votes with their history, 20,000 questions (a quarter answered by staff) and a
 * year of searches (300 queries a day), all bulk-generated with generate_series. Each query
 * runs through the GraphQL API as a staff member, sequentially; the table gives p50/p99/max.
 *
 *   npm run bench -- insights     (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test)
 *
 * Creates and drops its own database atrium_bench_insights_<random>.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { print } from 'graphql';
import pg from 'pg';
import { ArticleInsightsDocument, AttentionQueueDocument, HelpCenterInsightsDocument } from '@atrium/schema';
import { SESSION_PREFIX, tokenHash } from '../src/modules/auth/auth.service.js';
import { toGlobalId } from '../src/graphql/global-id.js';
import { benchDatabase, startBenchApp, table } from './lib.js';

const ARTICLES = 5000;
const SECTIONS = 100;
const MEMBERS = 2000;
const VOTES_PER_ARTICLE = 100; // 500,000 votes
const QUESTIONS = 20_000;
const QUERIES_PER_DAY = 300;
const RUNS = Number(process.env.INSIGHTS_BENCH_RUNS ?? 60);

export async function seed(url: string): Promise<{ token: string; sectionId: string; articleId: string; counts: Record<string, number> }> {
  const c = new pg.Client({ connectionString: url });
  c.on('error', () => {}); // the database is dropped with force at the end
  await c.connect();
  const q = (sql: string, params: unknown[] = []) => c.query(sql, params);
  await q(`insert into users (handle, display_name, email, password_hash, role)
           select 'member' || i, 'Member ' || i, 'member' || i || '@bench.example', 'x', 'MEMBER' from generate_series(1, ${MEMBERS}) i`);
  const { rows: [agent] } = await q(`insert into users (handle, display_name, email, password_hash, role) values ('supportlead', 'Support Lead', 'lead@bench.example', 'x', 'AGENT') returning id`);
  await q(`insert into categories (slug, name, description, position) select 'c' || i, 'Category ' || i, '', i from generate_series(1, 10) i`);
  await q(`insert into sections (category_id, slug, name, description, position)
           select (select id from categories order by position offset (i % 10) limit 1), 's' || i, 'Section ' || i, '', i from generate_series(1, ${SECTIONS}) i`);
  await q(`create temp table s_ids as select id, row_number() over (order by position) - 1 as n from sections`);
  await q(`create temp table u_ids as select id, row_number() over (order by handle) - 1 as n from users where role = 'MEMBER'`);
  // published between 400 days and a week ago
  await q(`insert into articles (section_id, author_id, slug, title, body, body_html, excerpt, status, labels, position, created_at, updated_at, published_at)
           select s.id, $1, 'a' || i, 'Article ' || i, 'Body of article ' || i, '<p>Body of article ' || i || '</p>', 'Body', 'PUBLISHED', '{}', i,
                  now() - ((7 + i % 393) || ' days')::interval, now() - ((7 + i % 393) || ' days')::interval, now() - ((7 + i % 393) || ' days')::interval
             from generate_series(1, ${ARTICLES}) i join s_ids s on s.n = i % ${SECTIONS}`, [agent.id]);
  await q(`create temp table a_ids as select id, published_at, row_number() over (order by position) - 1 as n from articles`);
  await q(`insert into article_revisions (article_id, author_id, title, body, created_at) select a.id, $1, 'Article', 'Body', a.published_at from a_ids a`, [agent.id]);
  // 100 distinct voters per article; each vote at a time between publication and now; 70 % helpful
  await q(`create temp table v as
           select a.id as article_id, u.id as user_id, (abs(hashtext(a.n::text || '/' || j)) % 100) < 70 as helpful,
                  a.published_at + (abs(hashtext(j::text || '|' || a.n)) % greatest(1, extract(epoch from now() - a.published_at)::bigint)) * interval '1 second' as at,
                  (array['OUTDATED','INCORRECT','UNCLEAR','MISSING_INFORMATION','DID_NOT_SOLVE','OTHER'])[1 + abs(hashtext(a.n || 'r' || j)) % 6] as reason
             from a_ids a cross join generate_series(0, ${VOTES_PER_ARTICLE - 1}) j join u_ids u on u.n = (a.n * 37 + j) % ${MEMBERS}`);
  await q(`insert into article_votes (article_id, user_id, helpful, reason, created_at, updated_at)
           select article_id, user_id, helpful, case when helpful then null else reason end, at, at from v`);
  await q(`insert into article_vote_changes (article_id, user_id, at, from_helpful, to_helpful, reason)
           select article_id, user_id, at, null, helpful, case when helpful then null else reason end from v`);
  await q(`update articles a set vote_count = t.n, helpful_count = t.h from (select article_id, count(*) n, count(*) filter (where helpful) h from v group by 1) t where t.article_id = a.id`);
  // about 2,000,000 views: a third of the days of the year, 1..6 a day, more for the first articles
  await q(`insert into article_views_daily (article_id, day, views)
           select a.id, d::date, 1 + abs(hashtext(a.n || '@' || d::date)) % 6
             from a_ids a cross join generate_series(current_date - 364, current_date, interval '1 day') d
            where abs(hashtext(d::date || '#' || a.n)) % 3 = 0`);
  // questions by members, a quarter answered by the lead
  await q(`insert into comments (id, article_id, parent_id, path, depth, author_id, body, body_html, status, created_at)
           select x.id, x.article_id, null, array[x.id], 0, x.author_id, 'Question ' || x.i, '<p>Question</p>', 'PUBLISHED', now() - ((x.i % 300) || ' days')::interval - interval '3 days'
             from (select gen_random_uuid() as id, a.id as article_id, u.id as author_id, i
                     from generate_series(1, ${QUESTIONS}) i join a_ids a on a.n = i % ${ARTICLES} join u_ids u on u.n = i % ${MEMBERS}) x`);
  await q(`insert into comments (id, article_id, parent_id, path, depth, author_id, body, body_html, status, is_official, created_at)
           select r.id, c.article_id, c.id, array[c.id, r.id], 1, $1, 'Answer', '<p>Answer</p>', 'PUBLISHED', true, c.created_at + interval '1 hour'
             from (select id, article_id, created_at, row_number() over (order by id) as k from comments where parent_id is null) c
             cross join lateral (select gen_random_uuid() as id) r where c.k % 4 = 0`, [agent.id]);
  // a year of searches: 300 queries a day, some without results
  await q(`insert into search_queries_daily (query, day, searches, no_result_searches, opened, last_result_count)
           select 'query ' || k, d::date, 1 + abs(hashtext(k || '.' || d::date)) % 20,
                  case when k % 10 = 0 then 1 + abs(hashtext(k || '.' || d::date)) % 20 else 0 end,
                  case when k % 10 = 0 or k % 7 = 0 then 0 else abs(hashtext(d::date || '.' || k)) % 10 end,
                  case when k % 10 = 0 then 0 else 1 + k % 30 end
             from generate_series(1, ${QUERIES_PER_DAY}) k cross join generate_series(current_date - 364, current_date, interval '1 day') d`);
  await q('vacuum analyze');
  const token = SESSION_PREFIX + randomBytes(32).toString('base64url');
  await q(`insert into sessions (user_id, token_hash, expires_at) values ($1, $2, now() + interval '1 day')`, [agent.id, tokenHash(token)]);
  const { rows: [s] } = await q(`select id from sections order by position limit 1`);
  const { rows: [a] } = await q(`select article_id as id from article_views_daily group by 1 order by sum(views) desc limit 1`);
  const counts: Record<string, number> = {};
  for (const [name, sql] of [
    ['articles', 'select count(*) from articles'],
    ['views', 'select sum(views) from article_views_daily'],
    ['view rows', 'select count(*) from article_views_daily'],
    ['votes', 'select count(*) from article_votes'],
    ['vote changes', 'select count(*) from article_vote_changes'],
    ['comments', 'select count(*) from comments'],
    ['search rows', 'select count(*) from search_queries_daily'],
  ] as const) counts[name] = Number(Object.values((await q(sql)).rows[0])[0]);
  await c.end();
  return { token, sectionId: toGlobalId('Section', s.id), articleId: toGlobalId('Article', a.id), counts };
}

/** A database seeded by an earlier run: a new session for its lead, the same ids. */
async function reuse(url: string): Promise<Awaited<ReturnType<typeof seed>>> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const { rows: [agent] } = await c.query(`select id from users where handle = 'supportlead'`);
  const token = SESSION_PREFIX + randomBytes(32).toString('base64url');
  await c.query(`insert into sessions (user_id, token_hash, expires_at) values ($1, $2, now() + interval '1 day')`, [agent.id, tokenHash(token)]);
  const { rows: [s] } = await c.query(`select id from sections order by position limit 1`);
  const { rows: [a] } = await c.query(`select article_id as id from article_views_daily group by 1 order by sum(views) desc limit 1`);
  const counts: Record<string, number> = {};
  for (const [name, sql] of [
    ['articles', 'select count(*)::int as n from articles'],
    ['views', 'select sum(views)::int as n from article_views_daily'],
    ['view rows', 'select count(*)::int as n from article_views_daily'],
    ['votes', 'select count(*)::int as n from article_votes'],
    ['vote changes', 'select count(*)::int as n from article_vote_changes'],
    ['comments', 'select count(*)::int as n from comments'],
    ['search rows', 'select count(*)::int as n from search_queries_daily'],
  ] as const) counts[name] = (await c.query(sql)).rows[0].n;
  await c.end();
  return { token, sectionId: toGlobalId('Section', s.id), articleId: toGlobalId('Article', a.id), counts };
}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export async function runInsightsBench(): Promise<void> {
  // INSIGHTS_BENCH_DB=<url of a database an earlier run seeded and kept>: measure without seeding again
  const kept = process.env.INSIGHTS_BENCH_DB;
  const db = kept ? { url: kept, drop: async () => {} } : await benchDatabase('insights');
  try {
    const started = performance.now();
    let app = await startBenchApp(db.url); // migrates
    await app.close();
    const { token, sectionId, articleId, counts } = kept ? await reuse(db.url) : await seed(db.url);
    const seedSeconds = (performance.now() - started) / 1000;
    console.log(
      `\nInsights bench data (${kept ? 'kept from an earlier run' : `seeded in ${seedSeconds.toFixed(0)} s`}): ${counts.articles.toLocaleString('en')} articles, ${counts.views.toLocaleString('en')} views in ${counts['view rows'].toLocaleString('en')} article-day rows, ` +
        `${counts.votes.toLocaleString('en')} votes (${counts['vote changes'].toLocaleString('en')} vote changes), ${counts.comments.toLocaleString('en')} comments, ${counts['search rows'].toLocaleString('en')} query-day rows`,
    );
    const day = (offset: number) => new Date(Date.now() - offset * 86_400_000).toISOString().slice(0, 10);
    const cases: Array<[string, unknown, Record<string, unknown>]> = [
      ['helpCenterInsights, 30 days', HelpCenterInsightsDocument, { period: { from: day(29), to: day(0) } }],
      ['helpCenterInsights, 365 days', HelpCenterInsightsDocument, { period: { from: day(364), to: day(0) } }],
      ['helpCenterInsights, 1 section, 90 days', HelpCenterInsightsDocument, { period: { from: day(89), to: day(0) }, sectionId }],
      ['articleInsights, 365 days', ArticleInsightsDocument, { articleId, period: { from: day(364), to: day(0) } }],
      ['attentionQueue(first: 20)', AttentionQueueDocument, { first: 20 }],
      ['attentionQueue(reason: HELPFULNESS_FELL)', AttentionQueueDocument, { first: 20, reason: 'HELPFULNESS_FELL' }],
    ];
    const modes: Array<[string, number, number]> = [
      // every request computes its answer
      ['uncached (INSIGHTS_CACHE_SECONDS=0)', 0, RUNS],
      // the default: the first request computes, the next ones within 30 s are answered from the instance's cache
      ['cached (INSIGHTS_CACHE_SECONDS=30, the default)', 30, RUNS * 4],
    ];
    for (const [mode, cacheSeconds, runs] of modes) {
      app = await startBenchApp(db.url, { insights: { ...app.config.insights, cacheSeconds } });
      try {
        const rows: Array<Array<string | number>> = [];
        for (const [label, doc, variables] of cases) {
          const body = JSON.stringify({ query: print(doc as never), variables });
          const send = async () => {
            const res = await fetch(`${app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
            const json = (await res.json()) as { errors?: unknown[]; data?: Record<string, unknown> };
            if (json.errors) throw new Error(`${label}: ${JSON.stringify(json.errors).slice(0, 400)}`);
            return { sql: Number(res.headers.get('x-sql-statements')), json };
          };
          if (cacheSeconds === 0) for (let i = 0; i < 3; i++) await send(); // warm-up: plans, buffers
          const times: number[] = [];
          let sql = 0;
          let size = 0;
          for (let i = 0; i < runs; i++) {
            const t0 = performance.now();
            const r = await send();
            times.push(performance.now() - t0);
            sql = Math.max(sql, r.sql);
            size = JSON.stringify(r.json).length;
          }
          times.sort((x, y) => x - y);
          rows.push([label, percentile(times, 50), percentile(times, 99), times[times.length - 1], sql, `${(size / 1024).toFixed(1)} KB`]);
        }
        table(`Insights, ${mode}: ${runs} sequential requests per query through GraphQL as staff, PostgreSQL (target p99 < 100 ms)`, ['query', 'p50 ms', 'p99 ms', 'max ms', 'SQL (max)', 'answer'], rows);
      } finally {
        await app.close();
      }
    }
  } finally {
    await db.drop();
  }
}
