/**
 * `npm run soak`: a mixed load against several Atrium processes on one PostgreSQL and one
 * Redis, then a table of what happened and checks that nothing was lost or miscounted.
 *   npm run soak                              2 minutes, 2 instances
 *   npm run soak -- --seconds 30 --instances 2
 *   npm run soak -- --keep                    keep the database (its URL is printed)
 * Needs PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test: the soak
 * creates and drops its own database there) and Redis (REDIS_URL, default redis://127.0.0.1:6379).
 * Exits non-zero when a check fails.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { benchDatabase, table } from '../bench/lib.js';
import { openDatabase } from '../src/modules/database.js';
import { checkConsistency, type ConsistencyCheck } from './checks.js';
import { startInstance, type Instance } from './instances.js';
import { seedSoak } from './seed.js';
import { ACCEPTED_CODES, countEvents, KINDS, percentile, probe, runLoad, Stats, Subscriber, type Ledger } from './workload.js';

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(args[i + 1]);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} needs a positive number`);
  return v;
};
const SECONDS = arg('seconds', 120);
const INSTANCES = arg('instances', 2);
const CLIENTS_PER_INSTANCE = arg('subscribers', 8);
const ARTICLES = 4;
const USERS = 200;
const SETTLE_MS = 5_000;
const KEEP = args.includes('--keep');
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const HIGH = '1000000000';

const mb = (bytes: number) => bytes / 1024 / 1024;
const t0 = performance.now();
const elapsed = () => `${((performance.now() - t0) / 1000).toFixed(1)}s`;
const say = (msg: string) => console.log(`[soak ${elapsed()}] ${msg}`);

const failures: string[] = [];
const instances: Instance[] = [];
let dropDatabase: (() => Promise<void>) | null = null;

async function cleanUp() {
  await Promise.all(instances.map((i) => i.stop(5_000).catch(() => null)));
  if (dropDatabase && !KEEP) await dropDatabase().catch((e) => console.error(`could not drop the soak database: ${e}`));
}

process.once('SIGINT', () => {
  console.error('\ninterrupted: stopping the instances');
  void cleanUp().finally(() => process.exit(130));
});

async function main() {
  say(`${SECONDS}s of load on ${INSTANCES} instances`);
  const database = await benchDatabase('soak');
  dropDatabase = database.drop;
  const db = await openDatabase({ databaseUrl: database.url, dataDir: null, dbPoolSize: 4 });
  const seed = await seedSoak(db, { articles: ARTICLES, users: USERS });
  say(`seeded ${database.url}: ${seed.articles.length} articles, ${seed.comments.length} comments, ${seed.members.length} members and a moderator`);
  const before = await checkConsistency(db);
  if (before.some((c) => c.mismatches)) throw new Error(`the seed itself is inconsistent: ${JSON.stringify(before)}`);

  const env = {
    DATABASE_URL: database.url,
    REDIS_URL,
    SEED_DEMO: 'false',
    GRAPHIQL: 'false',
    LOG_LEVEL: 'warn',
    DATA_DIR: `/tmp/atrium-soak-${randomBytes(3).toString('hex')}`,
    METRICS_TOKEN: randomBytes(16).toString('hex'),
    // the soak measures the system, not the limits: one member writes far more than allowed
    RATE_LIMIT_TOKEN_POINTS: HIGH,
    RATE_LIMIT_USER_POINTS: HIGH,
    RATE_LIMIT_IP_POINTS: HIGH,
    WRITE_LIMIT_COMMENTS: HIGH,
    WRITE_LIMIT_VOTES: HIGH,
    WRITE_LIMIT_FLAGS: HIGH,
    WRITE_LIMIT_SIGNIN: HIGH,
    WS_MAX_CONNECTIONS_PER_IP: '10000',
  };
  instances.push(...(await Promise.all(Array.from({ length: INSTANCES }, (_, i) => startInstance(String.fromCharCode(65 + i), env)))));
  say(`instances up: ${instances.map((i) => `${i.name} ${i.url} (pid ${i.proc.pid})`).join(', ')}`);

  const subscribers: Subscriber[] = [];
  for (const inst of instances) {
    for (let i = 0; i < CLIENTS_PER_INSTANCE; i++) {
      const s = new Subscriber(inst);
      for (const a of seed.articles) s.follow(a.id);
      subscribers.push(s);
    }
  }
  const probes = await probe(seed, instances, subscribers);
  say(`${subscribers.length} graphql-ws clients live (${subscribers.length * seed.articles.length} subscriptions)`);

  const rss = new Map<string, number[]>(instances.map((i) => [i.name, [i.rss()]]));
  const stats = new Stats();
  const ledger: Ledger = {
    added: new Map(seed.articles.map((a) => [a.id, new Set()])),
    hidden: new Map(seed.articles.map((a) => [a.id, new Set()])),
  };
  await runLoad(
    seed,
    instances,
    stats,
    ledger,
    { seconds: SECONDS, readers: 8, commenters: 4, commentVoters: 8, articleVoters: 2, hideEveryMs: 500, hideAfterMs: 3_000 },
    (s) => {
      for (const i of instances) rss.get(i.name)!.push(i.rss());
      const n = [...stats.latencies.values()].reduce((sum, l) => sum + l.length, 0);
      const errs = [...stats.errors.values()].reduce((sum, e) => sum + e.count, 0);
      say(`${s}s: ${n} requests, ${errs} errors, RSS ${instances.map((i) => `${i.name} ${mb(rss.get(i.name)!.at(-1)!).toFixed(0)} MB`).join(', ')}`);
    },
  );
  say('load done, letting the events settle');
  const settleUntil = performance.now() + SETTLE_MS;
  let events = countEvents(subscribers, ledger, probes);
  while ((events.added.missing || events.removed.missing) && performance.now() < settleUntil) {
    await new Promise((r) => setTimeout(r, 100));
    events = countEvents(subscribers, ledger, probes);
  }
  // a last moment for late duplicates or strays before the final count
  await new Promise((r) => setTimeout(r, 500));
  events = countEvents(subscribers, ledger, probes);
  for (const i of instances) rss.get(i.name)!.push(i.rss());
  const subscriberFailures = subscribers.flatMap((s) => s.failures.map((f) => `${s.instance.name}: ${f}`));
  const otherKinds = new Map<string, number>();
  for (const s of subscribers) for (const [k, n] of s.other) otherKinds.set(k, (otherKinds.get(k) ?? 0) + n);
  await Promise.all(subscribers.map((s) => s.close()));

  const exits = await Promise.all(instances.map((i) => i.stop()));
  const after = await checkConsistency(db);
  await db.close();

  report(stats, rss, events, otherKinds, subscriberFailures, after, exits);
}

function report(
  stats: Stats,
  rss: Map<string, number[]>,
  events: ReturnType<typeof countEvents>,
  otherKinds: Map<string, number>,
  subscriberFailures: string[],
  consistency: ConsistencyCheck[],
  exits: Array<number | string | null>,
) {
  const total = KINDS.reduce((s, k) => s + stats.latencies.get(k)!.length, 0);
  table(
    `Requests (${SECONDS}s, ${INSTANCES} instances, closed loops: 8 readers, 4 commenters, 8 comment voters, 2 article voters, 1 moderator)`,
    ['kind', 'requests', 'req/s', 'failed', 'p50 ms', 'p99 ms', 'max ms'],
    [
      ...KINDS.map((k) => {
        const l = stats.latencies.get(k)!;
        return [k, l.length, l.length / SECONDS, stats.failed.get(k)!, percentile(l, 50), percentile(l, 99), l.length ? Math.max(...l) : NaN];
      }),
      ['all', total, total / SECONDS, KINDS.reduce((s, k) => s + stats.failed.get(k)!, 0), '', '', ''],
    ],
  );

  const errorRows = [...stats.errors].map(([code, e]) => [code, e.count, ACCEPTED_CODES.has(code) ? 'accepted' : 'FAIL', e.example]);
  table('Errors by extensions.code (accepted: ' + [...ACCEPTED_CODES].join(', ') + ')', ['code', 'count', 'verdict', 'example'], errorRows.length ? errorRows : [['(none)', 0, 'ok', '']]);
  for (const [code, e] of stats.errors) if (!ACCEPTED_CODES.has(code)) failures.push(`${e.count} errors with code ${code}`);

  table(
    'RSS per instance (/proc/<pid>/status VmRSS, sampled every 10 s)',
    ['instance', 'start MB', 'half time MB', 'peak MB', 'end MB', 'growth MB', 'growth in 2nd half MB', 'error log lines', 'exit on SIGTERM'],
    instances.map((i, n) => {
      const s = rss.get(i.name)!;
      // samples: start, every 10 s, end; the second half shows a leak better than the warm-up does
      const half = s[Math.floor((s.length - 1) / 2)];
      return [i.name, mb(s[0]), mb(half), mb(Math.max(...s)), mb(s.at(-1)!), mb(s.at(-1)! - s[0]), mb(s.at(-1)! - half), i.errorLines, String(exits[n])];
    }),
  );
  for (const [n, i] of instances.entries()) {
    if (exits[n] !== 0) failures.push(`instance ${i.name} exited with ${exits[n]} on SIGTERM`);
    if (i.errorLines) failures.push(`instance ${i.name} logged ${i.errorLines} errors`);
  }

  table(
    `Live events (graphql-ws, ${CLIENTS_PER_INSTANCE} clients per instance, one subscription per article each, counted per subscription)`,
    ['kind', 'expected', 'delivered', 'missing', 'duplicates', 'unexpected'],
    [
      ['ADDED', events.added.expected, events.added.delivered, events.added.missing, events.added.duplicates, events.added.unexpected],
      ['REMOVED', events.removed.expected, events.removed.delivered, events.removed.missing, events.removed.duplicates, events.removed.unexpected],
      ...[...otherKinds].map(([k, n]) => [`${k} (not counted)`, '', n, '', '', '']),
    ],
  );
  for (const [k, c] of Object.entries(events)) {
    if (c.missing || c.duplicates || c.unexpected) failures.push(`${k}: ${c.missing} missing, ${c.duplicates} duplicates, ${c.unexpected} unexpected`);
  }
  if (events.added.expected === 0) failures.push('no comment was added: nothing was tested');
  if (events.removed.expected === 0) failures.push('no comment was hidden: the moderator did nothing');
  if (subscriberFailures.length) failures.push(`${subscriberFailures.length} subscriber failures, first: ${subscriberFailures[0]}`);

  table(
    'Counters against the rows',
    ['check', 'rows checked', 'mismatches'],
    consistency.map((c) => [c.name, c.checked, c.mismatches]),
  );
  for (const c of consistency) if (c.mismatches) failures.push(`${c.name}: ${c.mismatches} mismatches, e.g. ${JSON.stringify(c.examples)}`);

  console.log(`\nwall time ${elapsed()}`);
  if (failures.length) {
    console.log('\nSOAK FAILED:');
    for (const f of failures) console.log(`  - ${f}`);
    process.exitCode = 1;
  } else {
    console.log('\nSOAK PASSED: no unexpected errors, every event delivered exactly once, every counter equals its rows');
  }
}

try {
  await main();
} catch (err) {
  console.error(`\nsoak aborted: ${err instanceof Error ? err.stack : err}`);
  for (const i of instances) console.error(`--- last lines of instance ${i.name} ---\n${i.tail().slice(-30).join('\n')}`);
  process.exitCode = 1;
} finally {
  await cleanUp();
}
process.exit(process.exitCode ?? 0);
