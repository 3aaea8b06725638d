import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { openDatabase } from '../src/modules/database.js';
import { benchDatabase, benchServerEnv, builtServerArgs, seedHelpCenter, seedThread } from './lib.js';
import { atriumSectionBody } from './section-list.js';

/**
 * A CPU profile of one Atrium process under the compare bench's article page load:
 *   npx tsx bench/profile.ts [--seconds 10] [--signed] [--section] [--trivial]
 * Seeds a throwaway PostgreSQL database (2,000 comments), starts `src/main.ts` with
 * `--cpu-prof`, loads it with autocannon (10 connections), stops it and prints the top
 * functions by self time and the top files. The .cpuprofile is kept for Chrome DevTools.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const seconds = Number(args[args.indexOf('--seconds') + 1]) || 10;
const signed = args.includes('--signed');
/** `--section`: the section list (20 of 50 articles with author and totalCount) instead of the article page. */
const section = args.includes('--section');
/** `--trivial`: `{ __typename }`, the fixed cost of one request (HTTP, Apollo, plugins, context). */
const trivial = args.includes('--trivial');
/** `--no-prof`: no profiler, only req/s and CPU ms/request (3 runs). */
const profile = !args.includes('--no-prof');

const C = (vv: boolean) => `fragment C on Comment { id body score upvotes downvotes createdAt ${vv ? 'viewerVote ' : ''}author { id handle displayName } }`;
const CONN = 'totalCount pageInfo { hasNextPage endCursor }';
const query = `query ComparePage($slug: String!) {
  article(slug: $slug) {
    id slug title bodyHtml helpfulCount voteCount
    author { id handle displayName }
    comments(first: 50, orderBy: TOP) { ${CONN}
      nodes { ...C replies(first: 10) { ${CONN} nodes { ...C replies(first: 10) { ${CONN} nodes { ...C } } } } } }
  }
}
${C(signed)}`;

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

function summarize(file: string) {
  const prof = JSON.parse(fs.readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  prof.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (prof.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const fn = new Map<string, number>();
  const files = new Map<string, number>();
  for (const [id, t] of self) {
    const n = byId.get(id)!;
    const url = n.callFrame.url.replace(/^file:\/\//, '').replace(/.*node_modules\//, 'nm/').replace(/.*apps\/server\//, '');
    const k = `${n.callFrame.functionName || '(anon)'} ${url}:${n.callFrame.lineNumber + 1}`;
    fn.set(k, (fn.get(k) ?? 0) + t);
    const pkg = url.startsWith('nm/') ? url.split('/').slice(0, url.startsWith('nm/@') ? 3 : 2).join('/') : url || n.callFrame.functionName;
    files.set(pkg, (files.get(pkg) ?? 0) + t);
  }
  const top = (m: Map<string, number>, k: number) =>
    [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, k).map(([name, t]) => `${((100 * t) / total).toFixed(1).padStart(5)}%  ${name}`).join('\n');
  console.log(`\nTop functions (self time):\n${top(fn, 45)}\n\nTop packages/files:\n${top(files, 30)}`);
}

const db = await benchDatabase('profile');
try {
  const database = await openDatabase({ databaseUrl: db.url, dataDir: null, dbPoolSize: 4 });
  const seed = section
    ? await seedHelpCenter(database, { articles: 100, articlesPerSection: 50, comments: 4000, mainComments: 2000, levels: 6, users: 200, mainVotes: 5000, otherVotes: 5000 })
    : await seedThread(database, { comments: 2000, levels: 6, users: 200, votes: 20_000 });
  await database.close();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atrium-prof-'));
  const port = 4900 + Math.floor(Math.random() * 90);
  const child = spawn(process.execPath, await builtServerArgs(profile ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : []), {
    cwd: path.join(here, '..'),
    env: benchServerEnv(port, { DATABASE_URL: db.url }),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`${url}/readyz`)).status < 500) break;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const body = trivial
    ? JSON.stringify({ query: '{ __typename }' })
    : 'sectionId' in seed ? atriumSectionBody((seed as { sectionId: string }).sectionId) : JSON.stringify({ query, variables: { slug: seed.slug } });
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(signed ? { authorization: `Bearer ${seed.memberToken}` } : {}) };
  const check = await fetch(`${url}/graphql`, { method: 'POST', body, headers });
  const json = (await check.json()) as { errors?: unknown };
  if (json.errors) throw new Error(JSON.stringify(json.errors).slice(0, 500));
  console.log(`SQL/request: ${check.headers.get('x-sql-statements')}`);
  const cpuTicks = () => {
    const fields = fs.readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime + stime, in clock ticks (100/s)
  };
  await autocannon({ url: `${url}/graphql`, method: 'POST', body, headers, connections: 10, duration: 2 });
  for (let run = 0; run < (profile ? 1 : 4); run++) {
    const t0 = cpuTicks();
    const r = await autocannon({ url: `${url}/graphql`, method: 'POST', body, headers, connections: 10, duration: seconds });
    const cpuMs = ((cpuTicks() - t0) * 10) / (r.requests.total || 1);
    console.log(`${r.requests.average} req/s, p99 ${r.latency.p99} ms, CPU ${cpuMs.toFixed(2)} ms/request, errors ${r.errors + r.non2xx}`);
  }
  child.kill('SIGINT');
  await new Promise((r) => child.once('exit', r));
  if (profile) {
    // the main thread's profile (tsx's loader thread writes a second one)
    const file = fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).sort()[0];
    if (!file) throw new Error('no profile written');
    console.log(`profile: ${path.join(dir, file)}`);
    summarize(path.join(dir, file));
  }
} finally {
  await db.drop();
}
process.exit(0);
