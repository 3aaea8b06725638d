import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { print } from 'graphql';
import { AddCommentDocument, ArticlesDocument, SignInDocument } from '@atrium/schema';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/data-source.js';
import { app, useTestApp } from '../harness.js';

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
useTestApp();

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

async function post<T>(url: string, query: string, variables: unknown, token?: string): Promise<{ status: number; body: { data?: T; errors?: unknown[] } }> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: (await res.json()) as { data?: T; errors?: unknown[] } };
}

describe('graceful shutdown', () => {
  it('SIGTERM during a burst of writes: /readyz turns 503, every acknowledged write is in the database, exit 0', async () => {
    // the test's own fresh database: the PostgreSQL one of this file, or a new embedded one
    const databaseUrl = app().config.databaseUrl;
    const dataDir = databaseUrl ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'atrium-shutdown-'));
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: serverDir,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { DATA_DIR: dataDir! }),
        SEED_DEMO: 'true',
        DEMO_PASSWORD: 'shutdown-test-pw',
        WRITE_LIMIT_COMMENTS: '100000',
        LOG_LEVEL: 'warn',
        NODE_ENV: 'production',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(proc);
    const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
      const onData = (d: Buffer) => {
        output += d.toString();
        if (output.includes('Atrium is ready')) {
          clearTimeout(timer);
          resolve();
        }
      };
      proc.stdout!.on('data', onData);
      proc.stderr!.on('data', onData);
    });

    const signIn = await post<{ signIn: { token: string } }>(url, print(SignInDocument), { input: { login: 'member', password: 'shutdown-test-pw' } });
    const token = signIn.body.data!.signIn.token;
    const articles = await post<{ articles: { edges: Array<{ node: { id: string } }> } }>(url, print(ArticlesDocument), { first: 1 });
    if (!articles.body.data) throw new Error(JSON.stringify(articles.body));
    const articleId = articles.body.data.articles.edges[0].node.id;

    const acknowledged: string[] = [];
    let refused = 0;
    const writes: Promise<void>[] = [];
    let readyDuringShutdown: number | null = null;
    for (let i = 0; i < 40; i++) {
      writes.push(
        post<{ addComment: { comment: { id: string } } }>(url, print(AddCommentDocument), { input: { articleId, body: `burst ${i}` } }, token).then(
          (r) => {
            if (r.body.data?.addComment) acknowledged.push(r.body.data.addComment.comment.id);
            else refused++;
          },
          () => {
            refused++; // the connection was refused or reset: not acknowledged
          },
        ),
      );
      if (i === 15) {
        proc.kill('SIGTERM');
        readyDuringShutdown = await fetch(`${url}/readyz`).then((r) => r.status, () => null);
      }
      await new Promise((r) => setTimeout(r, 2));
    }
    await Promise.all(writes);
    expect(await exited).toBe(0);
    expect(acknowledged.length).toBeGreaterThan(0);
    expect(acknowledged.length + refused).toBe(40);
    if (readyDuringShutdown !== null) expect(readyDuringShutdown).toBe(503);

    // every acknowledged comment is there, complete (body, counters)
    const db = await openDatabase({ databaseUrl, dataDir, dbPoolSize: 1 });
    try {
      const rows: Array<{ id: string; body: string }> = await db.ds.query('select c.id, c.body from comments c where c.body like $1', ['burst %']);
      const { toGlobalId } = await import('../../src/graphql/global-id.js');
      const stored = new Set(rows.map((r) => toGlobalId('Comment', r.id)));
      for (const id of acknowledged) expect(stored.has(id)).toBe(true);
      const [counts] = await db.ds.query(
        `select a.comment_count::int as counter, (select count(*)::int from comments c where c.article_id = a.id and c.status = 'PUBLISHED') as rows
         from articles a join comments c on c.article_id = a.id where c.body like 'burst %' limit 1`,
      );
      expect(counts.counter).toBe(counts.rows);
    } finally {
      await db.close();
      if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
