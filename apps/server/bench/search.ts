/**
 * Search benchmark: synthetic articles on PostgreSQL (10,000 unless --articles N), 100 distinct
 * queries through the GraphQL API, latency per kind of query (p50/p95/p99).
 *
 *   npm run bench -- search [--articles 100000] [--rounds 3]   (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test)
 *
 * Creates and drops its own database atrium_bench_search_<random>. SEARCH_BENCH_KEEP=1 keeps it
 * (named atrium_bench_search_<articles>) and a later run with the same count measures it again
 * without seeding (migrations still run, so a change of the schema is measured on the same data).
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { print } from 'graphql';
import pg from 'pg';
import { SearchDocument, type SearchQuery } from '@atrium/schema';
import { loadConfig, type Config } from '../src/config.js';
import { openDatabase, type Database } from '../src/modules/database.js';
import { createApp, type App } from '../src/http/server.js';

const BASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

// A help-center vocabulary: topics are what titles are about, the rest fills bodies.
const TOPICS = [
  'account', 'password', 'billing', 'invoice', 'subscription', 'refund', 'payment', 'shipping', 'delivery', 'order',
  'return', 'exchange', 'warranty', 'login', 'signup', 'profile', 'email', 'notification', 'privacy', 'security',
  'authentication', 'token', 'integration', 'webhook', 'export', 'import', 'report', 'dashboard', 'analytics', 'team',
  'permission', 'role', 'workspace', 'project', 'calendar', 'reminder', 'backup', 'restore', 'upload', 'download',
  'attachment', 'storage', 'quota', 'plan', 'upgrade', 'downgrade', 'cancel', 'trial', 'coupon', 'discount',
  'tax', 'currency', 'address', 'phone', 'verification', 'device', 'mobile', 'desktop', 'browser', 'extension',
  'keyboard', 'shortcut', 'printer', 'scanner', 'router', 'wifi', 'bluetooth', 'battery', 'charger', 'firmware',
  'update', 'installation', 'license', 'activation', 'migration', 'sync', 'offline', 'cache', 'cookie', 'session',
  'language', 'timezone', 'accessibility', 'theme', 'font', 'template', 'signature', 'folder', 'archive', 'label',
  'search', 'filter', 'sorting', 'comment', 'mention', 'invitation', 'guest', 'admin', 'audit', 'compliance',
];
const VERBS = [
  'reset', 'change', 'configure', 'enable', 'disable', 'delete', 'create', 'connect', 'troubleshoot', 'fix',
  'manage', 'share', 'transfer', 'recover', 'verify', 'schedule', 'customize', 'remove', 'add', 'find',
];
const FILLER = [
  'the', 'your', 'you', 'can', 'to', 'and', 'of', 'in', 'for', 'with', 'on', 'this', 'that', 'is', 'be', 'when',
  'if', 'then', 'from', 'after', 'before', 'settings', 'page', 'button', 'menu', 'click', 'select', 'open', 'screen',
  'option', 'step', 'first', 'next', 'finally', 'make', 'sure', 'wait', 'minutes', 'again', 'contact', 'support',
  'usually', 'sometimes', 'error', 'message', 'appears', 'works', 'correctly', 'new', 'old', 'current', 'default',
  'available', 'required', 'optional', 'automatically', 'manually', 'within', 'hours', 'days', 'link', 'field',
  'form', 'save', 'changes', 'confirm', 'details', 'information', 'section', 'list', 'view', 'edit', 'help',
];

/** A small deterministic PRNG, so every run benches the same corpus and queries. */
function rng(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  /** Zipf-like: low indexes much more often, so some words are common and others rare. */
  const zipf = <T>(list: readonly T[]) => list[Math.min(list.length - 1, Math.floor(list.length * next() ** 2.2))];
  const pick = <T>(list: readonly T[]) => list[int(list.length)];
  return { next, int, zipf, pick };
}

/** Made-up words for the long tail (product names, jargon, error codes): most words are rare. */
function longTail(r: ReturnType<typeof rng>, n: number): string[] {
  const onset = ['b', 'c', 'd', 'f', 'g', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'z', 'br', 'cr', 'dr', 'gr', 'pl', 'st', 'tr', 'sh', 'ch', 'th'];
  const vowel = ['a', 'e', 'i', 'o', 'u', 'ai', 'ea', 'io', 'ou'];
  const coda = ['', 'n', 'r', 'l', 's', 'x', 'nd', 'rt', 'st', 'm', 'k'];
  const known = new Set([...TOPICS, ...VERBS, ...FILLER]);
  const out = new Set<string>();
  while (out.size < n) {
    const syllables = 2 + r.int(2);
    let w = '';
    for (let i = 0; i < syllables; i++) w += r.pick(onset) + r.pick(vowel) + (i === syllables - 1 ? r.pick(coda) : '');
    if (!known.has(w)) out.add(w);
  }
  return [...out];
}

interface Corpus {
  titles: string[];
  bodies: string[];
  labels: string[][];
  statuses: string[];
  tail: string[];
}

function generateCorpus(n: number, r: ReturnType<typeof rng>): Corpus {
  const tail = longTail(r, 4000);
  const c: Corpus = { titles: [], bodies: [], labels: [], statuses: [], tail };
  const cap = (w: string) => `${w[0].toUpperCase()}${w.slice(1)}`;
  for (let i = 0; i < n; i++) {
    const topic = r.zipf(TOPICS);
    const other = r.zipf(TOPICS);
    const verb = r.pick(VERBS);
    // each article has its own few content words, as real articles do
    const own = [...Array.from({ length: 8 }, () => r.zipf(tail)), ...Array.from({ length: 4 }, () => r.zipf(TOPICS))];
    const title = [
      `How to ${verb} your ${topic}`,
      `${cap(verb)} ${topic} ${other} settings`,
      `Troubleshooting ${topic} and ${other} problems`,
      `${cap(topic)} FAQ: ${verb} ${r.pick(own)}`,
    ][r.int(4)];
    const sentences: string[] = [];
    const count = 5 + r.int(20);
    for (let s = 0; s < count; s++) {
      const words: string[] = [];
      const len = 6 + r.int(14);
      for (let w = 0; w < len; w++) {
        const roll = r.next();
        words.push(
          roll < 0.5 ? r.pick(FILLER) : roll < 0.6 ? topic : roll < 0.65 ? other : roll < 0.7 ? verb : roll < 0.73 ? r.pick(VERBS) : r.pick(own),
        );
      }
      sentences.push(`${cap(words.join(' '))}.`);
    }
    if (r.next() < 0.3) sentences.splice(1, 0, `**Note:** the ${topic} ${r.pick(FILLER)} \`${verb}\` step.`);
    c.titles.push(`${title} #${i}`);
    c.bodies.push(sentences.join(' '));
    c.labels.push(Array.from(new Set(Array.from({ length: r.int(4) }, () => r.zipf(TOPICS)))));
    const roll = r.next();
    c.statuses.push(roll < 0.9 ? 'PUBLISHED' : roll < 0.97 ? 'DRAFT' : 'ARCHIVED');
  }
  return c;
}

type Kind = 'word' | 'two words' | 'three words' | 'rare word' | 'phrase' | 'or' | 'exclusion' | 'prefix' | 'typo';

function typo(word: string, r: ReturnType<typeof rng>): string {
  const i = 1 + r.int(word.length - 2);
  return r.next() < 0.5 ? word.slice(0, i) + word.slice(i + 1) : word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
}

/** 100 distinct queries, of each kind a readers' search box sees. */
function generateQueries(r: ReturnType<typeof rng>, tail: string[], total = 100): Array<{ kind: Kind; query: string }> {
  const plan: Array<[Kind, number, () => string]> = [
    ['word', 15, () => r.zipf(TOPICS)],
    ['two words', 15, () => `${r.pick(VERBS)} ${r.zipf(TOPICS)}`],
    ['three words', 10, () => `${r.pick(VERBS)} ${r.zipf(TOPICS)} ${r.pick(FILLER.slice(21))}`],
    ['rare word', 10, () => tail[200 + r.int(1500)]],
    ['phrase', 10, () => `"${r.pick(VERBS)} your ${r.zipf(TOPICS)}"`],
    ['or', 10, () => `${r.zipf(TOPICS)} or ${r.zipf(tail)}`],
    ['exclusion', 10, () => `${r.zipf(TOPICS)} -${r.zipf(TOPICS)}`],
    ['prefix', 10, () => {
      const w = r.pick(TOPICS);
      return `${r.pick(VERBS)} ${w.slice(0, Math.max(3, Math.ceil(w.length * 0.6)))}`;
    }],
    ['typo', 10, () => typo(r.pick(TOPICS.filter((t) => t.length >= 6)), r)],
  ];
  const seen = new Set<string>();
  const out: Array<{ kind: Kind; query: string }> = [];
  for (const [kind, n, make] of plan) {
    for (let got = 0, tries = 0; got < n && tries < 1000; tries++) {
      const query = make();
      if (seen.has(query)) continue;
      seen.add(query);
      out.push({ kind, query });
      got++;
    }
  }
  return out.slice(0, total);
}

async function insertCorpus(db: Database, corpus: Corpus) {
  const q = (sql: string, params?: unknown[]) => db.ds.query(sql, params);
  const [author] = await q(
    `insert into users (handle, display_name, email, password_hash, role)
     values ('bench_author', 'Bench Author', 'author@bench.example', 'x', 'AGENT') returning id`,
  );
  const [cat] = await q(`insert into categories (slug, name) values ('bench', 'Bench') returning id`);
  const sections: Array<{ id: string }> = await q(
    `insert into sections (category_id, slug, name) select $1, 'bench-' || i, 'Bench ' || i from generate_series(1, 10) i returning id`,
    [cat.id],
  );
  const CHUNK = 1000;
  for (let i = 0; i < corpus.titles.length; i += CHUNK) {
    const idx = corpus.titles.slice(i, i + CHUNK).map((_, j) => i + j);
    await q(
      `insert into articles (section_id, author_id, slug, title, body, body_html, excerpt, status, labels, position, published_at)
       select s, $1, 'bench-' || n, t, b, '<p>' || b || '</p>', left(b, 200), st,
              case when l = '' then '{}'::text[] else string_to_array(l, ',') end, n,
              case when st = 'PUBLISHED' then now() - n * interval '1 minute' end
         from unnest($2::uuid[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[]) as t(s, n, t, b, st, l)`,
      [
        author.id,
        idx.map((k) => sections[k % sections.length].id),
        idx,
        idx.map((k) => corpus.titles[k]),
        idx.map((k) => corpus.bodies[k]),
        idx.map((k) => corpus.statuses[k]),
        idx.map((k) => corpus.labels[k].join(',')),
      ],
    );
  }
  await q('analyze');
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export interface SearchBenchRow {
  kind: string;
  queries: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  withHits: number;
  hits: number;
  fuzzy: number;
  sql: number;
}

function printTable(title: string, rows: SearchBenchRow[]) {
  const columns = ['queries', 'kind', 'p50 ms', 'p95 ms', 'p99 ms', 'mean ms', 'with hits', 'hits (total)', 'fuzzy', 'sql/req'];
  const cells = [
    columns,
    ...rows.map((r) => [String(r.queries), r.kind, r.p50.toFixed(1), r.p95.toFixed(1), r.p99.toFixed(1), r.mean.toFixed(1), String(r.withHits), String(r.hits), String(r.fuzzy), r.sql.toFixed(1)]),
  ];
  const widths = columns.map((_, i) => Math.max(...cells.map((c) => c[i].length)));
  const line = (c: string[]) => `| ${c.map((v, i) => v.padEnd(widths[i])).join(' | ')} |`;
  console.log(`\n${title}`);
  console.log(line(cells[0]));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const c of cells.slice(1)) console.log(line(c));
}

function summarize(kind: string, samples: Array<{ ms: number; total: number; fuzzy: boolean; sql: number }>): SearchBenchRow {
  const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
  return {
    kind,
    queries: samples.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    mean: sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length),
    withHits: samples.filter((s) => s.total > 0).length,
    hits: samples.reduce((a, s) => a + s.total, 0),
    fuzzy: samples.filter((s) => s.fuzzy).length,
    sql: samples.reduce((a, s) => a + s.sql, 0) / Math.max(1, samples.length),
  };
}

export interface SearchBenchOptions {
  articles?: number;
  queries?: number;
  /** Results per page, as a search page would ask. */
  first?: number;
  /** Each query is measured this many times (rounds over the whole set, in the same order). */
  rounds?: number;
  databaseUrl?: string;
}

/** Runs the benchmark, prints its table and returns the rows (the last one is all queries). */
export async function runSearchBench(opts: SearchBenchOptions = {}): Promise<SearchBenchRow[]> {
  const articles = opts.articles ?? 10_000;
  const base = opts.databaseUrl ?? BASE_URL;
  const keep = process.env.SEARCH_BENCH_KEEP === '1';
  const name = keep ? `atrium_bench_search_${articles}` : `atrium_bench_search_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  const exists = keep && (await admin.query(`select 1 from pg_database where datname = $1`, [name])).rowCount === 1;
  if (!exists) await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;

  let app: App | null = null;
  let database: Database | null = null;
  try {
    const config = loadConfig(
      { NODE_ENV: 'production', EXPOSE_SQL_COUNT: 'true', LOG_LEVEL: 'warn', PORT: '0', HOST: '127.0.0.1' },
      // rate limits (where configured) must not throttle the bench
      { databaseUrl: url.toString(), dataDir: null, seedDemo: false, ...({ rateLimitIpPoints: 1e9, rateLimitUserPoints: 1e9, rateLimitTokenPoints: 1e9 } as Partial<Config>) },
    );
    database = await openDatabase(config);
    const r = rng(20251126);
    const t0 = performance.now();
    const corpus = generateCorpus(articles, r);
    if (!exists) await insertCorpus(database, corpus);
    const seeded = performance.now() - t0;
    app = await createApp(config, { database });

    const query = print(SearchDocument);
    const run = async (q: string) => {
      const started = performance.now();
      const res = await fetch(`${app!.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
        body: JSON.stringify({ query, variables: { query: q, first: opts.first ?? 10 } }),
      });
      const json = (await res.json()) as { data?: SearchQuery; errors?: unknown[] };
      const ms = performance.now() - started;
      if (json.errors || !json.data) throw new Error(`search ${JSON.stringify(q)} failed: ${JSON.stringify(json.errors).slice(0, 500)}`);
      return { ms, total: json.data.search.totalCount, fuzzy: json.data.search.fuzzy, sql: Number(res.headers.get('x-sql-statements')) };
    };

    const queries = generateQueries(r, corpus.tail, opts.queries ?? 100);
    // A running server has warm connections: every pooled backend has loaded the dictionaries
    // and pg_trgm. Warm them with queries of every kind outside the measured set, 10 at a time.
    const measured = new Set(queries.map((x) => x.query));
    const warmups = generateQueries(rng(7), corpus.tail, 100).filter((x) => !measured.has(x.query));
    for (let i = 0; i < warmups.length; i += 10) await Promise.all(warmups.slice(i, i + 10).map((x) => run(x.query)));

    const samples: Array<{ kind: Kind; ms: number; total: number; fuzzy: boolean; sql: number }> = [];
    for (let round = 0; round < (opts.rounds ?? 1); round++) {
      for (const { kind, query: q } of queries) samples.push({ kind, ...(await run(q)) });
    }

    const kinds = [...new Set(samples.map((s) => s.kind))];
    const rows = [...kinds.map((k) => summarize(k, samples.filter((s) => s.kind === k))), summarize('all', samples)];
    printTable(
      `search: ${articles} articles (${exists ? 'kept from an earlier run' : `seeded in ${(seeded / 1000).toFixed(1)} s`}), ${queries.length} distinct queries x ${opts.rounds ?? 1} rounds, first: ${opts.first ?? 10}, anonymous, one at a time`,
      rows,
    );
    return rows;
  } finally {
    await app?.close();
    if (!app) await database?.close();
    if (!keep) {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    }
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runSearchBench();
  process.exit(0);
}
