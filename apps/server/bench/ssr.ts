import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { print } from 'graphql';
import { ArticlePageDocument, ArticleWithThreadDocument } from '@atrium/schema';
import { openDatabase } from '../src/modules/database.js';
import { cpuTicks, CLK_TCK, startAtrium, stop } from './compare.js';
import { benchDatabase, seedThread, table } from './lib.js';

/**
 * `npm run bench -- ssr` (#23): the server-rendered article page against the same page's
 * GraphQL JSON, uncached (PAGE_CACHE_MB=0), PostgreSQL, the production server (dist/, as
 * `npm start` runs it), autocannon with 10 connections, anonymous. The page shows what the app
 * shows: the article, its section's list and the first 20 top-level comments (of 50+) with
 * replies two levels deep, i.e. exactly the ArticlePage query; the HTML request runs that query
 * in-process and renders it with Vue's server renderer. ArticleWithThread (50 top-level
 * comments, three levels) is printed for reference. Target: HTML req/s >= 0.6x the JSON's.
 * Needs a web build with its server renderer: WEB_DIST, or one is built into a temporary folder.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const webDir = path.resolve(here, '../../web');

function webBuild(): string {
  const given = process.env.WEB_DIST;
  if (given && fs.existsSync(path.join(given, '.ssr/entry-server.mjs'))) return given;
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'atrium-bench-ssr-'));
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
}

async function measure(label: string, pid: number, url: string, opts: { body?: string }, seconds: number): Promise<Run> {
  const method = opts.body ? ('POST' as const) : ('GET' as const);
  const headers: Record<string, string> = opts.body ? { 'content-type': 'application/json' } : { accept: 'text/html' };
  const probe = await fetch(url, { method, body: opts.body, headers });
  const text = await probe.text();
  if (probe.status !== 200 || (opts.body && text.includes('"errors"'))) throw new Error(`${label}: ${probe.status} ${text.slice(0, 300)}`);
  const ac = { url, method, body: opts.body, headers, connections: 10 };
  await autocannon({ ...ac, duration: 2 });
  const ticks = cpuTicks(pid);
  const r = await autocannon({ ...ac, duration: seconds });
  const cpuMs = ((cpuTicks(pid) - ticks) * 1000) / CLK_TCK / (r.requests.total || 1);
  return { label, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, cpuMs, bytes: Buffer.byteLength(text), errors: r.errors + r.non2xx };
}

export async function runSsrBench({ seconds = 10 } = {}) {
  const webDist = webBuild();
  const db = await benchDatabase('ssr');
  let atrium: Awaited<ReturnType<typeof startAtrium>> | null = null;
  try {
    const database = await openDatabase({ databaseUrl: db.url, dataDir: null, dbPoolSize: 4 });
    const seed = await seedThread(database, { comments: 2000, levels: 6, users: 200, votes: 20_000 });
    const [{ top }] = await database.ds.query('select count(*)::int as top from comments where article_id = $1 and parent_id is null', [seed.articleId]);
    await database.close();

    atrium = await startAtrium({ DATABASE_URL: db.url, WEB_DIST: webDist, PAGE_CACHE_MB: '0' });
    const pid = atrium.child.pid!;
    const pageBody = JSON.stringify({ query: print(ArticlePageDocument), variables: { slug: seed.slug } });
    const threadBody = JSON.stringify({ query: print(ArticleWithThreadDocument), variables: { slug: seed.slug } });
    const runs = [
      await measure('server-rendered article page (HTML)', pid, `${atrium.url}/articles/${seed.slug}`, {}, seconds),
      await measure('ArticlePage query, the same data (JSON)', pid, `${atrium.url}/graphql`, { body: pageBody }, seconds),
      await measure('ArticleWithThread, 50 top-level (JSON, reference)', pid, `${atrium.url}/graphql`, { body: threadBody }, seconds),
    ];
    const json = runs[1];
    table(
      `Server rendering: article with ${seed.comments} comments (${top} top-level; the page shows 20 with replies 2 levels deep), PostgreSQL, uncached, anonymous, production server; autocannon 10 connections, 2 s warm-up + ${seconds} s`,
      ['request', 'req/s', 'p50 ms', 'p99 ms', 'server CPU ms/req', 'bytes', 'errors', 'vs ArticlePage JSON req/s'],
      runs.map((r) => [r.label, r.rps, r.p50, r.p99, r.cpuMs, r.bytes, r.errors, r === json ? '' : `${(r.rps / json.rps).toFixed(2)}×`]),
    );
    return runs;
  } finally {
    await stop(atrium);
    await db.drop();
  }
}

if (process.argv[1]?.endsWith('ssr.ts')) {
  await runSsrBench();
  process.exit(process.exitCode ?? 0);
}
