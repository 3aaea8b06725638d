import { execSync, fork, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { AddCommentDocument, CommentEventsDocument } from '@atrium/schema';
import { print } from 'graphql';
import WebSocket from 'ws';
import { openDatabase } from '../src/modules/database.js';
import { toGlobalId } from '../src/graphql/global-id.js';
import { benchDatabase, seedThread, startBenchApp, table } from './lib.js';

/**
 * Fan-out: N graphql-ws subscribers (anonymous, CommentFields selection) on one article, one
 * new comment over HTTP; the time until every subscriber has it (p50/p99/max), the server's
 * heap and RSS per connected subscriber (measured in the server process after a full GC),
 * and the extra latency of the Redis hop (subscribers on instance B, comment added on A).
 *   npx tsx bench/fanout.ts [--n 1000,5000] [--rounds 5]     or   npm run bench -- fanout
 */

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const SELF = fileURLToPath(import.meta.url);

type ToServer = { type: 'stats' };
type FromServer = { type: 'ready'; url: string } | { type: 'stats'; heapUsed: number; rss: number; subscriptions: number };

/** The server side: one app per child process, so its memory is its own. */
async function serve() {
  const app = await startBenchApp(process.env.BENCH_DATABASE_URL!, {
    redisUrl: process.env.BENCH_REDIS_URL || null,
    wsMaxConnectionsPerIp: 1_000_000,
    wsMaxSubscriptionsPerConnection: 50,
  });
  process.on('message', (m: ToServer) => {
    if (m.type !== 'stats') return;
    (globalThis as { gc?: () => void }).gc?.();
    const mem = process.memoryUsage();
    process.send!({ type: 'stats', heapUsed: mem.heapUsed, rss: mem.rss, subscriptions: app.services.pubsub.subscriptions } satisfies FromServer);
  });
  process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
  process.send!({ type: 'ready', url: app.url } satisfies FromServer);
}

interface Server {
  url: string;
  proc: ChildProcess;
  stats(): Promise<Extract<FromServer, { type: 'stats' }>>;
  stop(): Promise<void>;
}

async function startServer(databaseUrl: string, redis: boolean): Promise<Server> {
  const proc = fork(SELF, [], {
    execArgv: ['--expose-gc', '--import', 'tsx'],
    env: { ...process.env, FANOUT_SERVER: '1', BENCH_DATABASE_URL: databaseUrl, BENCH_REDIS_URL: redis ? REDIS_URL : '' },
  });
  const url = await new Promise<string>((resolve, reject) => {
    proc.once('message', (m: FromServer) => (m.type === 'ready' ? resolve(m.url) : reject(new Error('unexpected'))));
    proc.once('exit', (code) => reject(new Error(`bench server exited ${code}`)));
  });
  return {
    url,
    proc,
    stats: () =>
      new Promise((resolve) => {
        const on = (m: FromServer) => {
          if (m.type !== 'stats') return;
          proc.off('message', on);
          resolve(m);
        };
        proc.on('message', on);
        proc.send({ type: 'stats' } satisfies ToServer);
      }),
    stop: () =>
      new Promise((resolve) => {
        proc.once('exit', () => resolve());
        proc.kill('SIGTERM');
      }),
  };
}

/** A minimal graphql-transport-ws subscriber: records when the next event arrives. */
class Subscriber {
  ws!: WebSocket;
  onEvent: ((at: number) => void) | null = null;
  connect(url: string, query: string, variables: Record<string, unknown>): Promise<void> {
    return new Promise((resolve, reject) => {
      this.ws = new WebSocket(`${url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
      this.ws.on('open', () => this.ws.send(JSON.stringify({ type: 'connection_init' })));
      this.ws.on('error', reject);
      this.ws.on('message', (raw) => {
        const text = raw.toString();
        if (text.startsWith('{"type":"connection_ack"')) {
          this.ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query, variables } }));
          resolve();
          return;
        }
        const at = performance.now();
        const m = JSON.parse(text) as { type: string; payload?: unknown };
        if (m.type === 'next') this.onEvent?.(at);
        else if (m.type === 'error') reject(new Error(JSON.stringify(m.payload)));
      });
    });
  }
}

async function connectAll(url: string, n: number, query: string, variables: Record<string, unknown>): Promise<Subscriber[]> {
  const subs: Subscriber[] = [];
  for (let i = 0; i < n; i += 200) {
    const batch = Array.from({ length: Math.min(200, n - i) }, () => new Subscriber());
    await Promise.all(batch.map((s) => s.connect(url, query, variables)));
    subs.push(...batch);
  }
  return subs;
}

async function waitSubscribed(server: Server, n: number) {
  for (let i = 0; i < 2000; i++) {
    if ((await server.stats()).subscriptions >= n) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('subscriptions were not registered');
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

/** One new comment on `writeUrl`; ms from sending the mutation until each subscriber had the event. */
async function round(writeUrl: string, subs: Subscriber[], articleId: string, token: string, i: number): Promise<number[]> {
  const times: number[] = [];
  let resolveAll!: () => void;
  const all = new Promise<void>((r) => (resolveAll = r));
  const t0 = performance.now();
  for (const s of subs) {
    s.onEvent = (at) => {
      times.push(at - t0);
      s.onEvent = null;
      if (times.length === subs.length) resolveAll();
    };
  }
  const res = await fetch(`${writeUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: print(AddCommentDocument), variables: { input: { articleId, body: `Fan-out comment ${i}` } } }),
  });
  const text = await res.text();
  if (!res.ok || text.includes('"errors"')) throw new Error(`addComment failed: ${res.status} ${text.slice(0, 300)}`);
  await Promise.race([all, new Promise((_, reject) => setTimeout(() => reject(new Error(`only ${times.length}/${subs.length} got the event`)), 30_000))]);
  return times;
}

export async function runFanoutBench({ sizes = [1000, 5000], rounds = 5 } = {}) {
  const limit = Number(execSync('sh -c "ulimit -n"').toString().trim());
  const need = Math.max(...sizes) * 2 + 200; // both ends of every socket live on this machine
  if (Number.isFinite(limit) && limit < need) {
    console.warn(`ulimit -n is ${limit}; ${need} file descriptors are needed for ${Math.max(...sizes)} subscribers (raise it: ulimit -n ${need * 2}).`);
  }
  const db = await benchDatabase('fanout');
  const rows: Array<Array<string | number>> = [];
  const servers: Server[] = [];
  try {
    const database = await openDatabase({ databaseUrl: db.url, dataDir: null, dbPoolSize: 2 });
    const seed = await seedThread(database, { comments: 20, levels: 2, users: 10, votes: 20 });
    await database.close();
    const articleId = toGlobalId('Article', seed.articleId);
    const query = print(CommentEventsDocument);
    const [a, b] = await Promise.all([startServer(db.url, true), startServer(db.url, true)]);
    servers.push(a, b);

    for (const n of sizes) {
      for (const [label, subscribeOn, writeOn] of [
        ['one instance', a, a],
        ['via Redis (B ← A)', b, a],
      ] as const) {
        const before = await subscribeOn.stats();
        const base = before.subscriptions;
        const subs = await connectAll(subscribeOn.url, n, query, { articleId });
        await waitSubscribed(subscribeOn, base + n);
        const after = await subscribeOn.stats();
        await round(writeOn.url, subs, articleId, seed.memberToken, -1); // warm-up
        const all: number[] = [];
        for (let r = 0; r < rounds; r++) all.push(...(await round(writeOn.url, subs, articleId, seed.memberToken, r)));
        all.sort((x, y) => x - y);
        const heapPer = (after.heapUsed - before.heapUsed) / n / 1024;
        const rssPer = (after.rss - before.rss) / n / 1024;
        rows.push([n, label, pct(all, 50), pct(all, 99), all[all.length - 1], heapPer, rssPer]);
        await Promise.all(subs.map((s) => new Promise((r) => (s.ws.once('close', r), s.ws.close()))));
        // wait until the server has let them go before the next measurement
        for (let i = 0; i < 500 && (await subscribeOn.stats()).subscriptions > base; i++) await new Promise((r) => setTimeout(r, 20));
      }
    }
    table(
      `Fan-out: anonymous graphql-ws subscribers of one article (CommentFields), one new comment over HTTP, ${rounds} rounds; PostgreSQL, Redis pub/sub`,
      ['subscribers', 'path', 'p50 ms', 'p99 ms', 'max ms', 'heap KB/sub', 'RSS KB/sub'],
      rows,
    );
    return rows;
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    await db.drop();
  }
}

if (process.env.FANOUT_SERVER === '1') {
  await serve();
} else if (process.argv[1]?.endsWith('fanout.ts')) {
  const args = process.argv.slice(2);
  const arg = (name: string) => (args.indexOf(name) >= 0 ? args[args.indexOf(name) + 1] : undefined);
  await runFanoutBench({ sizes: arg('--n')?.split(',').map(Number) ?? [1000, 5000], rounds: Number(arg('--rounds') ?? 5) });
  process.exit(0);
}
