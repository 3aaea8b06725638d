import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AddCommentDocument, ArticleWithThreadDocument, HideCommentDocument } from '@atrium/schema';
import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toGlobalId } from '../../src/graphql/global-id.js';
import { cleanUpChildServers, startChildServer, type ChildServer } from '../child-server.js';
import { buildArticle, buildComment, buildUser, type TestUser } from '../factories.js';
import { app, useTestApp } from '../harness.js';
import { persisted, raw, type RawResponse } from '../http/cache-client.js';

/**
 * The anonymous page cache with TWO server processes (test/child-server.ts) on one PostgreSQL
 * and one Redis (#23): readers on both instances warm the cache (server-rendered article page
 * and the GET persisted query of the thread), a moderator hides a comment through instance A,
 * and as soon as that mutation has answered, neither instance serves the hidden text from any
 * cache, to a plain GET or to a revalidation with the ETag it had before. The pages come from
 * a real web build with its server renderer (WEB_DIST, or built here into a temporary folder).
 */

const onPostgres = !!process.env.DATABASE_URL;
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web');

cleanUpChildServers();
afterAll(() => {
  if (builtHere) fs.rmSync(builtHere, { recursive: true, force: true });
});

/** A client build with the server renderer: WEB_DIST when it holds one, else `vite build` into a temporary folder. */
let builtHere: string | null = null;

function webBuild(): string {
  const given = process.env.WEB_DIST;
  if (given && fs.existsSync(path.join(given, '.ssr'))) return given;
  const out = (builtHere = fs.mkdtempSync(path.join(os.tmpdir(), 'atrium-cache-web-')));
  execFileSync('npx', ['vite', 'build', '--logLevel', 'error', '--outDir', out, '--emptyOutDir'], { cwd: webDir, stdio: 'inherit', timeout: 240_000 });
  return out;
}

describe.skipIf(!onPostgres)(
  'two server processes on one PostgreSQL + Redis: the anonymous page cache (skipped on PGlite: one embedded database cannot be shared by two processes)',
  () => {
    useTestApp();
    let a: ChildServer;
    let b: ChildServer;
    let moderator: TestUser;
    let member: TestUser;

    beforeAll(async () => {
      const webDist = webBuild();
      moderator = await buildUser({ role: 'MODERATOR' });
      member = await buildUser();
      const env = {
        DATABASE_URL: app().config.databaseUrl!,
        REDIS_URL,
        WEB_DIST: webDist,
        SEED_DEMO: 'false',
        RATE_LIMIT_IP_POINTS: '1000000',
        WRITE_LIMIT_COMMENTS: '10000',
        REQUIRE_VERIFIED_EMAIL_TO_COMMENT: 'false',
      };
      [a, b] = await Promise.all([startChildServer(env), startChildServer(env)]);
    }, 300_000);

    const thread = persisted(ArticleWithThreadDocument);
    const bothInstances = () => [
      ['A', a.url],
      ['B', b.url],
    ] as const;

    async function post<T>(baseUrl: string, doc: Parameters<typeof print>[0], variables: T, as: TestUser) {
      const res = await raw(`${baseUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${as.token}` },
        body: JSON.stringify({ query: print(doc), variables }),
      });
      const body = JSON.parse(res.text) as { data?: unknown; errors?: unknown[] };
      expect(body.errors, res.text).toBeUndefined();
      return body;
    }

    /** Reads until the cache answers (a first read may be skipped when another write moved a tag while it rendered). */
    async function warm(url: string, headers: Record<string, string> = {}): Promise<RawResponse> {
      for (let i = 0; i < 5; i++) {
        const res = await raw(url, { headers });
        expect(res.status, url).toBe(200);
        if (res.headers['x-cache'] === 'HIT') return res;
      }
      throw new Error(`never served from the cache: ${url}`);
    }

    it('after a hide through A has returned, no reader on A or B gets the hidden text from any cache', async () => {
      const article = await buildArticle({ title: 'Cached across instances' });
      const secret = `Hidden soon ${Date.now()}`;
      const comment = await buildComment({ article, body: secret });
      await buildComment({ article, body: 'Stays visible' });
      const page = (base: string) => `${base}/articles/${article.slug}`;
      const vars = { slug: article.slug };

      const before = new Map<string, { html: RawResponse; json: RawResponse }>();
      for (const [name, base] of bothInstances()) {
        await thread.register(base, vars);
        const html = await warm(page(base), { 'accept-encoding': 'br' });
        expect(html.text, name).toContain(secret);
        expect(html.headers['content-encoding'], name).toBe('br');
        // a hit carries the renderer's Vary (a shared cache must not hand it to a signed-in reader) and Accept-Encoding
        expect(html.headers.vary, name).toMatch(/Cookie/);
        expect(html.headers.vary, name).toMatch(/Accept-Encoding/);
        const json = await warm(thread.url(base, vars), { 'accept-encoding': 'gzip' });
        expect(json.text, name).toContain(secret);
        // the browser's revalidation of a warm entry: 304, nothing sent
        expect((await raw(page(base), { headers: { 'if-none-match': html.headers.etag! } })).status, name).toBe(304);
        expect((await raw(thread.url(base, vars), { headers: { 'if-none-match': json.headers.etag! } })).status, name).toBe(304);
        before.set(name, { html, json });
      }

      await post(a.url, HideCommentDocument, { input: { commentId: toGlobalId('Comment', comment.id), reason: 'ABUSE' } }, moderator);

      // at once, on both instances, with and without the old ETags, compressed or not
      for (const [name, base] of bothInstances()) {
        const old = before.get(name)!;
        for (const headers of [{}, { 'accept-encoding': 'br' }, { 'if-none-match': old.html.headers.etag! }] as Array<Record<string, string>>) {
          const html = await raw(page(base), { headers });
          expect(html.status, `${name} ${JSON.stringify(headers)}`).toBe(200);
          expect(html.text, name).not.toContain(secret);
          expect(html.text, name).toContain('Stays visible');
        }
        for (const headers of [{}, { 'accept-encoding': 'gzip' }, { 'if-none-match': old.json.headers.etag! }] as Array<Record<string, string>>) {
          const json = await raw(thread.url(base, vars), { headers });
          expect(json.status, `${name} ${JSON.stringify(headers)}`).toBe(200);
          expect(json.text, name).not.toContain(secret);
          expect(json.text, name).toContain('Stays visible');
        }
      }
    });

    it('a comment added through B shows at once on A, and signed-in readers are never served from the cache', async () => {
      const article = await buildArticle();
      await buildComment({ article, body: 'First words' });
      const page = (base: string) => `${base}/articles/${article.slug}`;
      const vars = { slug: article.slug };
      for (const [, base] of bothInstances()) {
        await thread.register(base, vars);
        await warm(page(base));
        await warm(thread.url(base, vars));
      }
      const words = `Added on B ${Date.now()}`;
      await post(b.url, AddCommentDocument, { input: { articleId: toGlobalId('Article', article.id), body: words } }, member);
      for (const [name, base] of bothInstances()) {
        expect((await raw(page(base))).text, name).toContain(words);
        expect((await raw(thread.url(base, vars))).text, name).toContain(words);
        for (let i = 0; i < 2; i++) {
          const signed = await raw(page(base), { headers: { cookie: `atrium_session=${member.token}` } });
          expect(signed.headers['x-cache'], name).toBeUndefined();
          const bearer = await raw(thread.url(base, vars), { headers: { authorization: `Bearer ${member.token}` } });
          expect(bearer.headers['x-cache'], name).toBeUndefined();
        }
      }
    });
  },
);
