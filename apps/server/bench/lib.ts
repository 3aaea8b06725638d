import { randomBytes, randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import pg from 'pg';
import { loadConfig, type Config } from '../src/config.js';
import { openDatabase, type Database } from '../src/modules/database.js';
import { createApp, type App } from '../src/http/server.js';
import { hashPassword, SESSION_PREFIX, tokenHash } from '../src/modules/auth/auth.service.js';
import { RECOUNT_SQL } from '../src/modules/comment/comment.seed.js';

export const BENCH_DB_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

function withDatabase(url: string, name: string) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** A throwaway PostgreSQL database for one bench run. */
export async function benchDatabase(prefix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `atrium_bench_${prefix}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: BENCH_DB_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  return {
    url: withDatabase(BENCH_DB_URL, name),
    async drop() {
      const c = new pg.Client({ connectionString: BENCH_DB_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export async function startBenchApp(databaseUrl: string | null, overrides: Partial<Config> = {}): Promise<App> {
  const config = loadConfig(
    // EXPOSE_SQL_COUNT: benches read x-sql-statements, which production leaves out by default
    { NODE_ENV: 'production', EXPOSE_SQL_COUNT: 'true', LOG_LEVEL: 'warn', PORT: '0', HOST: '127.0.0.1', GRAPHQL_JIT: process.env.GRAPHQL_JIT },
    {
      databaseUrl,
      dataDir: null,
      seedDemo: false,
      // a bench measures speed, not the limits: one writer posts far more than a member may
      ...({
        rateLimitTokenPoints: 1e9,
        rateLimitUserPoints: 1e9,
        rateLimitIpPoints: 1e9,
        writeLimits: { comments: 1e9, votes: 1e9, flags: 1e9, signin: 1e9 },
      } as Partial<Config>),
      ...overrides,
    },
  );
  const database = await openDatabase(config);
  return createApp(config, { database });
}

export interface ThreadSeed {
  articleId: string;
  slug: string;
  memberToken: string;
  comments: number;
}

/** mulberry32: a small deterministic PRNG, so every run seeds the same data. */
function prng(seed = 42) {
  return (n: number) => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

type Query = (sql: string, params?: unknown[]) => Promise<any>;

async function seedUsers(q: Query, n: number): Promise<string[]> {
  const hash = await hashPassword('bench-password');
  const handles = Array.from({ length: n }, (_, i) => `bench_${i}`);
  const users: Array<{ id: string }> = await q(
    `insert into users (handle, display_name, email, password_hash) select h, 'Bench ' || h, h || '@bench.example', $2 from unnest($1::text[]) h returning id`,
    [handles, hash],
  );
  return users.map((u) => u.id);
}

/**
 * A comment tree on one article: a quarter at the top, the rest attached to a random comment
 * of a shallower level; then `votes` distinct (comment, user) votes skewed towards early comments.
 * Counters (upvotes, downvotes, reply counts) are left to `finishCounters`.
 */
async function seedTree(q: Query, articleId: string, users: string[], rand: (n: number) => number, opts: { comments: number; levels: number; votes: number }) {
  const rows: Array<{ id: string; parent: string | null; path: string[]; depth: number; author: string; at: Date }> = [];
  const byDepth: string[][] = Array.from({ length: opts.levels }, () => []);
  const byId = new Map<string, (typeof rows)[number]>();
  for (let i = 0; i < opts.comments; i++) {
    const id = randomUUID();
    let depth = i < opts.comments / 4 ? 0 : 1 + rand(opts.levels - 1);
    while (depth > 0 && byDepth[depth - 1].length === 0) depth--;
    const parentId = depth === 0 ? null : byDepth[depth - 1][rand(byDepth[depth - 1].length)];
    const parent = parentId ? byId.get(parentId)! : null;
    const row = { id, parent: parentId, path: [...(parent?.path ?? []), id], depth, author: users[rand(users.length)], at: new Date(Date.now() - (opts.comments - i) * 60_000) };
    rows.push(row);
    byId.set(id, row);
    byDepth[depth].push(id);
  }
  for (let i = 0; i < rows.length; i += 2000) {
    const chunk = rows.slice(i, i + 2000);
    await q(
      `insert into comments (id, article_id, parent_id, path, depth, author_id, body, body_html, created_at)
       select id, $1, parent, string_to_array(path, ',')::uuid[], depth, author, 'Comment ' || n, '<p>Comment ' || n || '</p>', at
       from unnest($2::uuid[], $3::uuid[], $4::text[], $5::int[], $6::uuid[], $7::int[], $8::timestamptz[]) as t(id, parent, path, depth, author, n, at)`,
      [articleId, chunk.map((r) => r.id), chunk.map((r) => r.parent), chunk.map((r) => r.path.join(',')), chunk.map((r) => r.depth), chunk.map((r) => r.author), chunk.map((_, j) => i + j), chunk.map((r) => r.at)],
    );
  }
  const pairs = new Set<string>();
  const votes: Array<[string, string, number]> = [];
  const max = Math.min(opts.votes, rows.length * (users.length - 1));
  while (votes.length < max) {
    const c = rows[Math.min(rand(rows.length), rand(rows.length))];
    const u = users[rand(users.length)];
    const k = `${c.id}:${u}`;
    if (pairs.has(k) || u === c.author) continue;
    pairs.add(k);
    votes.push([c.id, u, rand(4) === 0 ? -1 : 1]);
  }
  for (let i = 0; i < votes.length; i += 10_000) {
    const chunk = votes.slice(i, i + 10_000);
    await q(`insert into comment_votes (comment_id, user_id, value) select * from unnest($1::uuid[], $2::uuid[], $3::smallint[])`, [
      chunk.map((v) => v[0]), chunk.map((v) => v[1]), chunk.map((v) => v[2]),
    ]);
  }
  return rows.length;
}

/** Vote counters from the votes, reply and comment counters from the rows; then analyze. */
async function finishCounters(q: Query, articleIds: string[]) {
  await q(
    `update comments c set upvotes = v.up, downvotes = v.down from (
       select comment_id, count(*) filter (where value = 1)::int as up, count(*) filter (where value = -1)::int as down from comment_votes group by comment_id
     ) v where v.comment_id = c.id`,
  );
  for (const id of articleIds) await q(RECOUNT_SQL, [id]);
  await q('analyze');
}

async function memberSession(q: Query, userId: string) {
  const token = SESSION_PREFIX + randomBytes(32).toString('base64url');
  await q(`insert into sessions (user_id, token_hash, expires_at) values ($1, $2, now() + interval '1 day')`, [userId, tokenHash(token)]);
  return token;
}

/** One published article with a big thread: comments over `levels` levels, users, votes. */
export async function seedThread(db: Database, opts: { comments: number; levels: number; users: number; votes: number }): Promise<ThreadSeed> {
  const q: Query = (sql, params) => db.ds.query(sql, params);
  const rand = prng();
  const users = await seedUsers(q, opts.users);
  const [cat] = await q(`insert into categories (slug, name) values ('bench', 'Bench') returning id`);
  const [sec] = await q(`insert into sections (category_id, slug, name) values ($1, 'bench', 'Bench') returning id`, [cat.id]);
  const slug = `bench-article-${randomBytes(3).toString('hex')}`;
  const [art] = await q(
    `insert into articles (section_id, author_id, slug, title, body, body_html, excerpt, status, published_at, helpful_count, vote_count)
     values ($1, $2, $3, 'Bench article', 'Body', '<p>Body</p>', 'Body', 'PUBLISHED', now(), 3, 13) returning id`,
    [sec.id, users[0], slug],
  );
  const comments = await seedTree(q, art.id, users, rand, opts);
  await finishCounters(q, [art.id]);
  return { articleId: art.id, slug, memberToken: await memberSession(q, users[1]), comments };
}

export interface HelpCenterSeed extends ThreadSeed {
  /** A section with `articlesPerSection` published articles (the section list). */
  sectionId: string;
  sectionSlug: string;
  articles: number;
  totalComments: number;
}

/**
 * A large help center: `articles` published articles over sections, `comments` comments in
 * all, `mainComments` of them (over `levels` levels) on the benchmarked article, users, votes.
 */
export async function seedHelpCenter(
  db: Database,
  opts: { articles: number; articlesPerSection: number; comments: number; mainComments: number; levels: number; users: number; mainVotes: number; otherVotes: number },
): Promise<HelpCenterSeed> {
  const q: Query = (sql, params) => db.ds.query(sql, params);
  const rand = prng();
  const users = await seedUsers(q, opts.users);
  const [cat] = await q(`insert into categories (slug, name) values ('bench', 'Bench') returning id`);
  const sectionCount = Math.ceil(opts.articles / opts.articlesPerSection);
  const sections: Array<{ id: string; slug: string }> = await q(
    `insert into sections (category_id, slug, name, position) select $1, 'bench-' || i, 'Bench ' || i, i from generate_series(0, $2 - 1) i returning id, slug`,
    [cat.id, sectionCount],
  );
  const articles: Array<{ id: string; slug: string }> = await q(
    `insert into articles (section_id, author_id, slug, title, body, body_html, excerpt, status, published_at, helpful_count, vote_count, position)
     select ($1::uuid[])[1 + i / $3], ($2::uuid[])[1 + (i * 7) % array_length($2::uuid[], 1)], 'bench-article-' || i, 'Bench article ' || i,
       'Body ' || i, '<p>Body ' || i || '</p>', 'Body ' || i, 'PUBLISHED', now() - i * interval '1 hour', i % 17, i % 17 + i % 5, i % $3
     from generate_series(0, $4 - 1) i order by i returning id, slug`,
    [sections.map((s) => s.id), users, opts.articlesPerSection, opts.articles],
  );
  let total = await seedTree(q, articles[0].id, users, rand, { comments: opts.mainComments, levels: opts.levels, votes: opts.mainVotes });
  const others = articles.slice(1);
  const perArticle = Math.floor((opts.comments - opts.mainComments) / Math.max(1, others.length));
  const votesPer = Math.floor(opts.otherVotes / Math.max(1, others.length));
  for (const a of others) total += await seedTree(q, a.id, users, rand, { comments: perArticle, levels: opts.levels, votes: votesPer });
  await finishCounters(q, articles.map((a) => a.id));
  return {
    articleId: articles[0].id,
    slug: articles[0].slug,
    memberToken: await memberSession(q, users[1]),
    comments: opts.mainComments,
    sectionId: sections[0].id,
    sectionSlug: sections[0].slug,
    articles: articles.length,
    totalComments: total,
  };
}

export interface LoadResult {
  label: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  sql?: number;
}

/** autocannon against one GraphQL POST; a short warm-up first. */
export async function load(label: string, url: string, body: string, headers: Record<string, string> = {}, seconds = 10, connections = 10): Promise<LoadResult> {
  const opts = { url: `${url}/graphql`, method: 'POST' as const, body, headers: { 'content-type': 'application/json', ...headers }, connections };
  await autocannon({ ...opts, duration: 2 });
  const r = await autocannon({ ...opts, duration: seconds });
  return { label, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx };
}

export async function sqlPerRequest(url: string, body: string, headers: Record<string, string> = {}): Promise<number> {
  const res = await fetch(`${url}/graphql`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
  const json = (await res.json()) as { errors?: unknown[] };
  if (json.errors) throw new Error(`bench query failed: ${JSON.stringify(json.errors).slice(0, 500)}`);
  return Number(res.headers.get('x-sql-statements'));
}

export function table(title: string, columns: string[], rows: Array<Array<string | number>>) {
  const cells = [columns, ...rows.map((r) => r.map((c) => (typeof c === 'number' ? (Number.isInteger(c) ? String(c) : c.toFixed(1)) : c)))];
  const widths = columns.map((_, i) => Math.max(...cells.map((r) => String(r[i]).length)));
  const line = (r: Array<string | number>) => `| ${r.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
  console.log(`\n${title}`);
  console.log(line(cells[0]));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of cells.slice(1)) console.log(line(r));
}

/** The environment of a production server child for a bench: no demo, no IDE, no rate limits. */
export function benchServerEnv(port: number, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    PORT: String(port),
    SEED_DEMO: 'false',
    GRAPHIQL: 'false',
    EXPOSE_SQL_COUNT: 'true', // the benches print x-sql-statements
    RATE_LIMIT_IP_POINTS: '1000000000',
    RATE_LIMIT_USER_POINTS: '1000000000',
    RATE_LIMIT_TOKEN_POINTS: '1000000000',
    ...(process.env.GRAPHQL_JIT ? { GRAPHQL_JIT: process.env.GRAPHQL_JIT } : {}),
    ...extra,
  };
}

/**
 * The server as `npm start` runs it: src/ compiled to dist/ (scripts/build.mjs, skipped when
 * up to date), then `node dist/main.js`. Returns the arguments for `spawn(process.execPath, ...)`.
 */
export async function builtServerArgs(nodeFlags: string[] = []): Promise<string[]> {
  // @ts-expect-error: a plain .mjs script without types
  const { buildServer, isStale, serverNodeFlags } = (await import('../scripts/build.mjs')) as {
    buildServer(): Promise<void>;
    isStale(): boolean;
    serverNodeFlags: string[];
  };
  if (isStale()) await buildServer();
  return [...serverNodeFlags, ...nodeFlags, 'dist/main.js'];
}
