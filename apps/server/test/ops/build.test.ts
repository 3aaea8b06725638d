import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { print } from 'graphql';
import { AddCommentDocument, ArticlesDocument, SignInDocument } from '@atrium/schema';
import { describe, expect, it } from 'vitest';
import { cleanUpChildServers, startChildServer } from '../child-server.js';
import { app, useTestApp } from '../harness.js';

useTestApp();
cleanUpChildServers();

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

async function post<T>(url: string, query: string, variables: unknown, token?: string): Promise<{ data?: T; errors?: unknown[] }> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: T; errors?: unknown[] };
}

/**
 * `npm start` runs the server bundled into one file (scripts/build.mjs); every other test runs
 * the sources. This one builds the bundle and holds it to what the sources do: it starts on
 * this run's database, seeds the demo, answers reads and writes (markdown rendering loads its
 * packages on first use, from node_modules), serves the IDE page and stops cleanly.
 */
describe('the production build', () => {
  it('is one file that starts, seeds, reads, writes, serves the IDE and stops like the sources', async () => {
    // inside apps/server, so the bundle finds node_modules (and apps/web) as dist/ does
    const outdir = path.join(serverDir, 'node_modules/.cache/atrium-build-test');
    // @ts-expect-error: a plain .mjs script without types
    const { buildServer } = (await import('../../scripts/build.mjs')) as { buildServer(o: { outdir: string }): Promise<void> };
    await buildServer({ outdir });
    try {
      expect(fs.readdirSync(outdir).filter((f) => f.endsWith('.js'))).toEqual(['main.js']);

      const databaseUrl = app().config.databaseUrl;
      const dataDir = databaseUrl ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'atrium-build-'));
      const { url, proc, exited } = await startChildServer(
        { ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { DATA_DIR: dataDir! }), SEED_DEMO: 'true', DEMO_PASSWORD: 'build-test-pw', GRAPHIQL: 'true' },
        { entry: path.join(outdir, 'main.js') },
      );

      const articles = await post<{ articles: { totalCount: number; edges: Array<{ node: { id: string; createdAt: string } }> } }>(url, print(ArticlesDocument), { first: 1 });
      expect(articles.errors).toBeUndefined();
      expect(articles.data!.articles.totalCount).toBeGreaterThanOrEqual(40);
      const article = articles.data!.articles.edges[0].node;
      expect(article.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

      const signIn = await post<{ signIn: { token: string } }>(url, print(SignInDocument), { input: { login: 'member', password: 'build-test-pw' } });
      expect(signIn.errors).toBeUndefined();
      const added = await post<{ addComment: { comment: { bodyHtml: string; status: string } } }>(
        url,
        print(AddCommentDocument),
        { input: { articleId: article.id, body: 'Built **once**' } },
        signIn.data!.signIn.token,
      );
      expect(added.errors).toBeUndefined();
      expect(added.data!.addComment.comment).toMatchObject({ status: 'PUBLISHED', bodyHtml: '<p>Built <strong>once</strong></p>\n' });

      const ide = await fetch(`${url}/graphql`, { headers: { accept: 'text/html' } });
      expect(ide.status).toBe(200);
      expect(await ide.text()).toContain('<html');

      proc.kill('SIGTERM');
      expect(await exited).toBe(0);
      if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  }, 120_000);
});
