import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { print } from 'graphql';
import { ArticleWithThreadDocument } from '@atrium/schema';
import { openDatabase } from '../src/modules/database.js';
import { compressSync, type Encoding } from '../src/http/compression.js';
import { cpuTicks, CLK_TCK, postgraphilePageQuery, startAtrium, startPostGraphile, stop } from './compare.js';
import { benchDatabase, seedThread, table } from './lib.js';

/**
 * `npm run bench -- pagecache` (#23): the anonymous page cache and compression, on PostgreSQL,
 * autocannon with 10 connections, the production server (dist/, as `npm start` runs it):
 * - the server-rendered article page (HTML) and the GET persisted query of its thread
 *   (ArticleWithThread: 50 top-level comments with replies three levels deep), each uncached
 *   (PAGE_CACHE_MB=0) and cached, without and with `Accept-Encoding: br`;
 * - PostGraphile 5's JSON article page on the same database (bench/compare.ts starts it);
 * - the CPU of compressing one answer (brotli q4 / gzip 6 as the server does), on this thread.
 * Needs a web build with its server renderer: WEB_DIST, or one is built into a temporary folder.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const webDir = path.resolve(here, '../../web');

function webBuild(): string {
  const given = process.env.WEB_DIST;
  if (given && fs.existsSync(path.join(given, '.ssr'))) return given;
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'atrium-bench-web-'));
  console.log(`building the web app with its server renderer into ${out} ...`);
  execFileSync('npx', ['vite', 'build', '--logLevel', 'error', '--outDir', out, '--emptyOutDir'], { cwd: webDir, stdio: 'inherit' });
  return out;
}

interface Run {
  label: string;
  rps: number;
  p50: number;
  p99: number;
  cpuMs: number;
  bytes: number;
  errors: number;
  cache: string;
}

async function measure(label: string, pid: number, url: string, opts: { method?: 'GET' | 'POST'; body?: string; headers?: Record<string, string> }, seconds: number): Promise<Run> {
  const headers: Record<string, string> = { ...(opts.body ? { 'content-type': 'application/json' } : {}), ...opts.headers };
  const probe = await fetch(url, { method: opts.method ?? 'GET', body: opts.body, headers: { ...headers, 'accept-encoding': headers['accept-encoding'] ?? 'identity' } });
  const probeBody = Buffer.from(await probe.arrayBuffer());
  const bytes = Number(probe.headers.get('content-length')) || probeBody.length;
  const cache = probe.headers.get('x-cache') ?? '-';
  const ac = { url, method: opts.method ?? 'GET', body: opts.body, headers, connections: 10 };
  await autocannon({ ...ac, duration: 2 });
  const ticks = cpuTicks(pid);
  const r = await autocannon({ ...ac, duration: seconds });
  const cpuMs = ((cpuTicks(pid) - ticks) * 1000) / CLK_TCK / (r.requests.total || 1);
  return { label, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, cpuMs, bytes, errors: r.errors + r.non2xx, cache };
}

/** CPU ms of compressing `body` once (mean of enough calls for a tenth of a second or more). */
function compressionCpuMs(body: string, encoding: Encoding): { ms: number; bytes: number } {
  let calls = 0;
  let bytes = 0;
  const start = process.cpuUsage();
  let used = 0;
  while (used < 300_000 || calls < 5) {
    bytes = compressSync(body, encoding).length;
    calls++;
    const u = process.cpuUsage(start);
    used = u.user + u.system;
  }
  return { ms: used / 1000 / calls, bytes };
}

export async function runPageCacheBench({ seconds = 10 } = {}) {
  const webDist = webBuild();
  const db = await benchDatabase('pagecache');
  const servers: Array<Awaited<ReturnType<typeof startAtrium>> | null> = [];
  try {
    const database = await openDatabase({ databaseUrl: db.url, dataDir: null, dbPoolSize: 4 });
    const seed = await seedThread(database, { comments: 2000, levels: 6, users: 200, votes: 20_000 });
    await database.close();

    const query = print(ArticleWithThreadDocument);
    const variables = { slug: seed.slug };
    const extensions = { persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') } };
    const getPath = `/graphql?${new URLSearchParams({ variables: JSON.stringify(variables), extensions: JSON.stringify(extensions) })}`;
    const pagePath = `/articles/${seed.slug}`;
    const br = { 'accept-encoding': 'br' };
    const runs: Run[] = [];
    const bodies = { html: '', json: '' };

    for (const cached of [false, true]) {
      const atrium = await startAtrium({ DATABASE_URL: db.url, WEB_DIST: webDist, PAGE_CACHE_MB: cached ? '64' : '0' });
      servers.push(atrium);
      const pid = atrium.child.pid!;
      // register the persisted query (APQ) on this instance
      const reg = await fetch(`${atrium.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables, extensions }) });
      if (!reg.ok) throw new Error(`registering the persisted query failed: ${reg.status}`);
      const html = await fetch(`${atrium.url}${pagePath}`);
      bodies.html = await html.text();
      if (html.status !== 200 || !bodies.html.includes('<html')) throw new Error(`the article page did not render: ${html.status}`);
      bodies.json = await (await fetch(`${atrium.url}${getPath}`)).text();
      const state = cached ? 'cached' : 'uncached';
      runs.push(await measure(`article page HTML, ${state}`, pid, `${atrium.url}${pagePath}`, {}, seconds));
      runs.push(await measure(`article page HTML, ${state}, br`, pid, `${atrium.url}${pagePath}`, { headers: br }, seconds));
      runs.push(await measure(`GraphQL GET persisted, ${state}`, pid, `${atrium.url}${getPath}`, {}, seconds));
      runs.push(await measure(`GraphQL GET persisted, ${state}, br`, pid, `${atrium.url}${getPath}`, { headers: br }, seconds));
      await stop(atrium);
      servers.pop();
    }

    const pgl = await startPostGraphile(db.url);
    servers.push(pgl);
    const pglBody = JSON.stringify({ query: postgraphilePageQuery, variables: { slug: seed.slug } });
    const pglRun = await measure('PostGraphile JSON article page (POST)', pgl.child.pid!, `${pgl.url}/graphql`, { method: 'POST', body: pglBody }, seconds);
    runs.push(pglRun);
    await stop(pgl);
    servers.pop();

    const ratio = (r: Run) => `${(r.rps / pglRun.rps).toFixed(2)}×`;
    table(
      `Anonymous page cache: article page with ${seed.comments} comments (50 top-level shown, replies 3 levels), PostgreSQL, production server; autocannon 10 connections, 2 s warm-up + ${seconds} s`,
      ['run', 'x-cache', 'req/s', 'p50 ms', 'p99 ms', 'server CPU ms/req', 'bytes sent', 'errors', 'vs PostGraphile req/s'],
      runs.map((r) => [r.label, r.cache, r.rps, r.p50, r.p99, r.cpuMs, r.bytes, r.errors, r === pglRun ? '' : ratio(r)]),
    );

    const rows: Array<Array<string | number>> = [];
    for (const [name, body] of [
      ['article page HTML', bodies.html],
      ['GraphQL answer (JSON)', bodies.json],
    ] as const) {
      for (const enc of ['br', 'gzip'] as const) {
        const c = compressionCpuMs(body, enc);
        rows.push([name, enc === 'br' ? 'brotli q4' : 'gzip 6', Buffer.byteLength(body), c.bytes, c.ms]);
      }
    }
    table('Compression CPU per answer (uncached answers pay it; a cached entry keeps its compressed copy)', ['answer', 'coding', 'bytes', 'compressed', 'CPU ms'], rows);
  } finally {
    for (const s of servers) await stop(s);
    await db.drop();
  }
}

if (process.argv[1]?.endsWith('pagecache.ts')) {
  await runPageCacheBench();
  process.exit(process.exitCode ?? 0);
}
