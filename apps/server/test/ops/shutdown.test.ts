import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { print } from 'graphql';
import { AddCommentDocument, ArticlesDocument, SignInDocument } from '@atrium/schema';
import { describe, expect, it } from 'vitest';
import { cleanUpChildServers, startChildServer } from '../child-server.js';
import { openDatabase } from '../../src/modules/database.js';
import { app, useTestApp } from '../harness.js';

useTestApp();

cleanUpChildServers();

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
    const { url, proc, exited } = await startChildServer({
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { DATA_DIR: dataDir! }),
      SEED_DEMO: 'true',
      DEMO_PASSWORD: 'shutdown-test-pw',
      WRITE_LIMIT_COMMENTS: '100000',
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
