import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateZendeskExport } from '../../bench/zendesk-generator.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/modules/database.js';
import { buildFixture, writeFolder } from './fixture.js';

/*
 * The importer as a user runs it (the CLI, in a child process) on its own database: PostgreSQL
 * with DATABASE_URL, else a PGlite folder. Killed with SIGKILL halfway and run again, it ends
 * with the same database as one clean run; an export imported into an empty database gives
 * the same content.
 */
const CLI = path.resolve(import.meta.dirname, '../../src/modules/zendesk/zendesk.cli.ts');
const tmp: string[] = [];
const dbs: string[] = [];

async function newDatabase(): Promise<Record<string, string>> {
  const base = process.env.DATABASE_URL;
  if (!base) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'zendesk-pglite-'));
    tmp.push(dir);
    return { DATA_DIR: dir, DATABASE_URL: '' };
  }
  const name = `atrium_zendesk_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  dbs.push(name);
  const u = new URL(base);
  u.pathname = `/${name}`;
  return { DATABASE_URL: u.toString() };
}

/** Runs the CLI; `killWhen` sees each stdout line and may ask for a SIGKILL. */
function cli(env: Record<string, string>, args: string[], killWhen?: (line: string) => boolean): Promise<{ code: number | null; signal: string | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--max-old-space-size=256', '--import', 'tsx', CLI, ...args], {
      cwd: path.resolve(import.meta.dirname, '../..'),
      env: { ...process.env, ...env, LOG_LEVEL: 'error', NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (killWhen && chunk.split('\n').some(killWhen)) child.kill('SIGKILL');
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ code, signal, out }));
  });
}

async function withDb<T>(env: Record<string, string>, work: (q: (sql: string) => Promise<unknown[]>) => Promise<T>): Promise<T> {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }, { databaseUrl: env.DATABASE_URL || null, dataDir: env.DATA_DIR ?? null, seedDemo: false });
  const database = await openDatabase(config, { migrate: false });
  try {
    return await work((sql) => database.ds.query(sql));
  } finally {
    await database.close();
  }
}

/** The imported content, without generated ids. */
function content(q: (sql: string) => Promise<unknown[]>) {
  return Promise.all([
    q(`select handle, display_name, email, role, created_at, (password_hash is null) as no_password from users order by email`),
    q(`select c.slug, c.name, c.position, s.slug as section, s.name as section_name, s.position as section_position from categories c join sections s on s.category_id = c.id order by s.slug`),
    q(`select a.slug, a.title, a.body, a.body_html, a.status, a.labels, a.promoted, a.position, a.comments_locked, a.helpful_count, a.vote_count, a.comment_count,
         a.top_comment_count, a.created_at, a.updated_at, a.published_at, u.email as author, s.slug as section
       from articles a join users u on u.id = a.author_id join sections s on s.id = a.section_id order by a.slug`),
    q(`select a.slug, c.body, c.body_html, c.is_official, c.upvotes, c.downvotes, c.created_at, u.email from comments c join articles a on a.id = c.article_id
       join users u on u.id = c.author_id order by a.slug, c.created_at, c.body`),
    q(`select a.slug, u.email, v.helpful, v.created_at from article_votes v join articles a on a.id = v.article_id join users u on u.id = v.user_id order by 1, 2`),
    q(`select a.slug, c.created_at, u.email, v.value from comment_votes v join comments c on c.id = v.comment_id join articles a on a.id = c.article_id
       join users u on u.id = v.user_id order by 1, 2, 3`),
    q(`select count(*)::int as n from article_revisions`),
  ]);
}

describe('npm run import -- zendesk (child process)', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), 'zendesk-gen-'));
    tmp.push(folder);
    await generateZendeskExport(folder, { users: 200, articles: 40, comments: 400, articleVotes: 800, commentVotes: 200, pageSize: 10 });
  }, 60_000);
  afterAll(async () => {
    for (const d of tmp) await rm(d, { recursive: true, force: true });
    if (process.env.DATABASE_URL && dbs.length) {
      const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await admin.connect();
      for (const name of dbs) await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  });

  it('killed with SIGKILL halfway, a second run ends like one clean run', async () => {
    const clean = await newDatabase();
    const first = await cli(clean, ['import', 'zendesk', '--from', folder]);
    expect(first.code, first.out).toBe(0);
    expect(first.out).toMatch(/articles\s+│ 40 /);

    const killed = await newDatabase();
    // plain progress lines (no TTY): "20/30 articles, …"; kill once 20 are done
    const interrupted = await cli(killed, ['import', 'zendesk', '--from', folder], (line) => /^(\d+)\/\d+ articles/.test(line) && Number(/^(\d+)/.exec(line)![1]) >= 15);
    expect(interrupted.signal).toBe('SIGKILL');
    const partial = (await withDb(killed, (q) => q('select count(*)::int as n from articles'))) as Array<{ n: number }>;
    expect(partial[0].n).toBeGreaterThanOrEqual(15);
    expect(partial[0].n).toBeLessThan(40);

    const resumed = await cli(killed, ['import', 'zendesk', '--from', folder]);
    expect(resumed.code, resumed.out).toBe(0);
    expect(resumed.out).toMatch(/unchanged/);
    const a = await withDb(clean, content);
    const b = await withDb(killed, content);
    expect(b).toEqual(a);
    expect((a[2] as unknown[]).length).toBe(40);
    expect((a[3] as unknown[]).length).toBe(400);
    expect((a[4] as unknown[]).length).toBe(800);
    expect((a[5] as unknown[]).length).toBe(200);
    // the counters of each article are the export's vote_count and (vote_count + vote_sum) / 2
    const sums = (await withDb(clean, (q) => q(`select count(*)::int as n from articles a where a.vote_count <> (select count(*) from article_votes v where v.article_id = a.id)
      or a.helpful_count <> (select count(*) filter (where helpful) from article_votes v where v.article_id = a.id)`))) as Array<{ n: number }>;
    expect(sums[0].n).toBe(0);
  }, 600_000);

  it('import → export → import into an empty database: the same content', async () => {
    const fixtureDir = await mkdtemp(path.join(os.tmpdir(), 'zendesk-fixture-'));
    const exportDir = await mkdtemp(path.join(os.tmpdir(), 'zendesk-export-'));
    tmp.push(fixtureDir, exportDir);
    await writeFolder(fixtureDir, buildFixture());
    const one = await newDatabase();
    expect((await cli(one, ['import', 'zendesk', '--from', fixtureDir, '--skip-attachments'])).code).toBe(0);
    const exported = await cli(one, ['export', 'zendesk', '--to', exportDir]);
    expect(exported.code, exported.out).toBe(0);
    expect(exported.out).toMatch(/5 articles, 5 comments, 5 articleVotes, 4 commentVotes/);
    const two = await newDatabase();
    const reimported = await cli(two, ['import', 'zendesk', '--from', exportDir, '--skip-attachments']);
    expect(reimported.code, reimported.out).toBe(0);
    const a = await withDb(one, content);
    const b = await withDb(two, content);
    expect(b).toEqual(a);
  }, 600_000);
});
