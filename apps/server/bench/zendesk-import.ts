import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { benchDatabase, table } from './lib.js';
import { generateZendeskExport, type ExportSize } from './zendesk-generator.js';

/**
 * `npm run bench -- import`: a synthetic Zendesk export (2,000 articles, 100,000 comments,
 * 200,000 votes, 20,000 users; ZENDESK_BENCH_SCALE=0.1 for a tenth) streamed to a temp
 * folder, then `npm run import -- zendesk --from <folder>` as a user runs it (a child
 * process: its own peak RSS), on PostgreSQL and on PGlite, and a second run (nothing
 * changed). Targets: under 3 minutes on PostgreSQL, peak RSS under 400 MB.
 */
const SCALE = Number(process.env.ZENDESK_BENCH_SCALE ?? 1);
const SIZE: ExportSize = {
  users: Math.round(20_000 * SCALE),
  articles: Math.round(2_000 * SCALE),
  comments: Math.round(100_000 * SCALE),
  articleVotes: Math.round(100_000 * SCALE),
  commentVotes: Math.round(100_000 * SCALE),
  votesPerComment: 5,
};
const CLI = path.resolve(import.meta.dirname, '../src/modules/zendesk/zendesk.cli.ts');

function runCli(env: Record<string, string>, folder: string): Promise<{ seconds: number; rssMb: number; out: string }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--max-old-space-size=256', '--import', 'tsx', CLI, 'import', 'zendesk', '--from', folder], {
      cwd: path.resolve(import.meta.dirname, '..'),
      env: { ...process.env, ...env, LOG_LEVEL: 'error', NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`import exited with ${code}:\n${out.slice(-3000)}`));
      const rss = /peak RSS (\d+) MB/.exec(out);
      resolve({ seconds: (performance.now() - started) / 1000, rssMb: rss ? Number(rss[1]) : NaN, out });
    });
  });
}

export async function runZendeskImportBench() {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'zendesk-bench-export-'));
  const rows: Array<Array<string | number>> = [];
  try {
    const g0 = performance.now();
    await generateZendeskExport(folder, SIZE);
    console.log(`generated the export in ${((performance.now() - g0) / 1000).toFixed(1)} s: ${SIZE.articles} articles, ${SIZE.comments} comments, ${SIZE.articleVotes + SIZE.commentVotes} votes, ${SIZE.users} users`);
    for (const kind of ['postgres', 'pglite'] as const) {
      if (process.env.ZENDESK_BENCH_DB && process.env.ZENDESK_BENCH_DB !== kind) continue;
      const pgDb = kind === 'postgres' ? await benchDatabase('zendesk') : null;
      const dataDir = kind === 'pglite' ? await mkdtemp(path.join(os.tmpdir(), 'zendesk-bench-pglite-')) : null;
      const env: Record<string, string> = pgDb ? { DATABASE_URL: pgDb.url } : { DATABASE_URL: '', DATA_DIR: dataDir! };
      try {
        const first = await runCli(env, folder);
        const counts = (name: string) => new RegExp(`${name}\\s+│ (\\d+)`).exec(first.out)?.[1] ?? '?';
        rows.push([kind, 'first run', first.seconds, first.rssMb, counts('articles'), counts('comments'), `${counts('articleVotes')}+${counts('commentVotes')}`, counts('users')]);
        const second = await runCli(env, folder);
        rows.push([kind, 'again (unchanged)', second.seconds, second.rssMb, '0', '0', '0', '0']);
      } finally {
        await pgDb?.drop();
        if (dataDir) await rm(dataDir, { recursive: true, force: true });
      }
    }
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
  table(
    `Zendesk import (npm run import -- zendesk --from <folder>, a child process; ${os.cpus().length} cores, shared machine)`,
    ['database', 'run', 'seconds', 'peak RSS MB', 'articles created', 'comments created', 'votes created', 'users created'],
    rows,
  );
}
