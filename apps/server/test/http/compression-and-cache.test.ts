import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { ArticleWithThreadDocument, HideCommentDocument, RecordArticleViewDocument } from '@atrium/schema';
import { print } from 'graphql';
import { describe, expect, it } from 'vitest';
import { toGlobalId } from '../../src/graphql/global-id.js';
import { buildArticle, buildComment, buildUser } from '../factories.js';
import { gql, useTestApp } from '../harness.js';
import { persisted, raw } from './cache-client.js';

/**
 * Bytes on the wire and the anonymous page cache on one instance (#23): precompressed static
 * assets with immutable caching and a plain 404, negotiated compression of GraphQL answers,
 * and GET persisted queries cached for anonymous readers with ETag/304, invalidated by writes.
 * The same across two processes: test/ops/two-instances-page-cache.test.ts.
 */

// a web build of our own: index.html and one hashed asset with its .br/.gz copies (as apps/web/build/precompress.ts writes them)
const webDist = fs.mkdtempSync(path.join(os.tmpdir(), 'atrium-web-'));
const script = `export const greeting = ${JSON.stringify('hello '.repeat(2000))};\n`;
fs.mkdirSync(path.join(webDist, 'assets'));
fs.writeFileSync(path.join(webDist, 'index.html'), `<!doctype html><html><head><title>Atrium</title></head><body><div id="app"></div>${'<!-- padding -->'.repeat(200)}</body></html>`);
fs.writeFileSync(path.join(webDist, 'assets', 'index-Ab12Cd34.js'), script);
fs.writeFileSync(path.join(webDist, 'assets', 'index-Ab12Cd34.js.br'), zlib.brotliCompressSync(script));
fs.writeFileSync(path.join(webDist, 'assets', 'index-Ab12Cd34.js.gz'), zlib.gzipSync(script));
fs.writeFileSync(path.join(webDist, 'assets', 'logo-Zz99.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
fs.mkdirSync(path.join(webDist, '.ssr'));
fs.writeFileSync(path.join(webDist, '.ssr', 'entry-server.js'), 'export const secret = 1;');
fs.writeFileSync(path.join(webDist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');

const app = useTestApp({ webDist });

describe('static assets', () => {
  const asset = () => `${app().url}/assets/index-Ab12Cd34.js`;

  it('sends the brotli copy to a client that accepts it, cached for a year as immutable', async () => {
    const res = await raw(asset(), { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers.vary).toMatch(/Accept-Encoding/i);
    expect(res.wire.length).toBe(fs.statSync(path.join(webDist, 'assets', 'index-Ab12Cd34.js.br')).size);
    expect(res.text).toBe(script);
  });

  it('sends gzip when brotli is not accepted (or weighed lower), and the file itself without Accept-Encoding', async () => {
    const gz = await raw(asset(), { headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.text).toBe(script);
    const weighed = await raw(asset(), { headers: { 'accept-encoding': 'br;q=0.5, gzip;q=1' } });
    expect(weighed.headers['content-encoding']).toBe('gzip');
    const none = await raw(asset());
    expect(none.headers['content-encoding']).toBeUndefined();
    expect(none.wire.toString()).toBe(script);
    expect(none.headers.vary).toMatch(/Accept-Encoding/i);
    const identityOnly = await raw(asset(), { headers: { 'accept-encoding': 'identity, br;q=0' } });
    expect(identityOnly.headers['content-encoding']).toBeUndefined();
  });

  it('answers HEAD with the headers and no body', async () => {
    const res = await raw(asset(), { method: 'HEAD', headers: { 'accept-encoding': 'br' } });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.wire.length).toBe(0);
  });

  it('answers a missing asset with a plain 404, not the HTML page; hostile paths too', async () => {
    for (const p of ['/assets/nonexistent.js', '/assets/index-Ab12Cd34.js.map', '/assets/..%2F..%2Fpackage.json', '/assets/%00.js', '/assets/%E0%A4%A.js', `/assets/${'x'.repeat(5000)}.js`]) {
      const res = await raw(`${app().url}${p}`, { headers: { 'accept-encoding': 'br' } });
      expect(res.status, p).toBe(404);
      expect(res.headers['content-type'], p).toMatch(/^text\/plain/);
      expect(res.text, p).not.toMatch(/<html|<!doctype/i);
    }
    // the compressed copies are not addressable on their own, nor the server renderer's bundle
    expect((await raw(`${asset()}.br`)).status).toBe(404);
    for (const p of ['/.ssr/entry-server.js', '/assets/../.ssr/entry-server.js', '/%2Essr/entry-server.js']) {
      expect((await raw(`${app().url}${p}`)).text, p).not.toContain('secret');
    }
  });

  it('serves a small asset without copies as it is, other build files for an hour', async () => {
    const svg = await raw(`${app().url}/assets/logo-Zz99.svg`, { headers: { 'accept-encoding': 'br' } });
    expect(svg.status).toBe(200);
    expect(svg.headers['content-encoding']).toBeUndefined();
    expect(svg.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const favicon = await raw(`${app().url}/favicon.svg`);
    expect(favicon.headers['cache-control']).toBe('public, max-age=3600');
  });

  it('never lets browsers cache the HTML page, compressed when accepted', async () => {
    const page = await raw(`${app().url}/some/page`, { headers: { 'accept-encoding': 'br' } });
    expect(page.status).toBe(200);
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.headers['content-encoding']).toBe('br');
    expect(page.text).toContain('<div id="app">');
    expect((await raw(`${app().url}/index.html`)).headers['cache-control']).toBe('no-cache');
  });
});

/** A BEST-ordered page's cursors carry the time of the reader's first page: equal answers differ there only. */
const withoutCursors = (text: string) => text.replace(/"(end)?[cC]ursor":"[^"]*"/g, '"cursor":""');

describe('compressed GraphQL answers', () => {
  it('compresses a large answer as the client asks (br, gzip) and leaves it alone otherwise', async () => {
    const article = await buildArticle();
    for (let i = 0; i < 30; i++) await buildComment({ article, body: `Comment number ${i} with some words to make the answer larger than a packet.` });
    const body = JSON.stringify({ query: print(ArticleWithThreadDocument), variables: { slug: article.slug } });
    const post = (headers: Record<string, string>) => raw(`${app().url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    const plain = await post({});
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.wire.length).toBeGreaterThan(5000);
    expect(JSON.parse(plain.text).data.article.comments.totalCount).toBe(30);
    const br = await post({ 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toMatch(/Origin/);
    expect(br.headers.vary).toMatch(/Accept-Encoding/);
    expect(Number(br.headers['content-length'])).toBe(br.wire.length);
    expect(br.wire.length).toBeLessThan(plain.wire.length / 3);
    expect(withoutCursors(br.text)).toBe(withoutCursors(plain.text));
    const gz = await post({ 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(withoutCursors(gz.text)).toBe(withoutCursors(plain.text));
    const refused = await post({ 'accept-encoding': 'br;q=0, gzip;q=0' });
    expect(refused.headers['content-encoding']).toBeUndefined();
  });

  it('sends a small answer uncompressed', async () => {
    const res = await raw(`${app().url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'accept-encoding': 'br' }, body: '{"query":"{ __typename }"}' });
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(res.text)).toEqual({ data: { __typename: 'Query' } });
  });
});

describe('anonymous page cache: GET persisted queries', () => {
  const thread = persisted(ArticleWithThreadDocument);

  it('serves the second anonymous GET from the cache with the same body and an ETag, 304 on revalidation', async () => {
    const article = await buildArticle();
    await buildComment({ article, body: 'A cached comment' });
    const vars = { slug: article.slug };
    await thread.register(app().url, vars);
    const first = await raw(thread.url(app().url, vars), { headers: { 'accept-encoding': 'br' } });
    expect(first.status).toBe(200);
    expect(first.headers['x-cache']).toBe('MISS');
    expect(first.text).toContain('A cached comment');
    const etag = first.headers.etag!;
    expect(etag).toMatch(/^W\/".+"$/);
    expect(first.headers['cache-control']).toBe('no-cache');
    const second = await raw(thread.url(app().url, vars), { headers: { 'accept-encoding': 'gzip' } });
    expect(second.headers['x-cache']).toBe('HIT');
    expect(second.headers['content-encoding']).toBe('gzip');
    expect(second.headers.etag).toBe(etag);
    expect(second.text).toBe(first.text);
    const revalidated = await raw(thread.url(app().url, vars), { headers: { 'if-none-match': etag } });
    expect(revalidated.status).toBe(304);
    expect(revalidated.wire.length).toBe(0);
    // a client that asks for application/graphql-response+json gets that media type, not the cached JSON's
    const accept = 'application/graphql-response+json, application/json;q=0.9';
    const typed = await raw(thread.url(app().url, vars), { headers: { accept } });
    expect(typed.headers['content-type']).toMatch(/^application\/graphql-response\+json/);
    expect((await raw(thread.url(app().url, vars), { headers: { accept } })).headers['x-cache']).toBe('HIT');
    expect((await raw(thread.url(app().url, vars))).headers['content-type']).toMatch(/^application\/json/);
  });

  it('never caches for signed-in readers (bearer token or session cookie), nor answers with errors', async () => {
    const article = await buildArticle();
    const reader = await buildUser();
    const vars = { slug: article.slug };
    await thread.register(app().url, vars);
    for (let i = 0; i < 2; i++) {
      const signed = await raw(thread.url(app().url, vars), { headers: { authorization: `Bearer ${reader.token}` } });
      expect(signed.status).toBe(200);
      expect(signed.headers['x-cache']).toBeUndefined();
      const cookie = await raw(thread.url(app().url, vars), { headers: { cookie: `atrium_session=${reader.token}` } });
      expect(cookie.headers['x-cache']).toBeUndefined();
    }
    const unknown = `${app().url}/graphql?extensions=${encodeURIComponent(JSON.stringify({ persistedQuery: { version: 1, sha256Hash: 'b'.repeat(64) } }))}`;
    for (let i = 0; i < 2; i++) {
      const res = await raw(unknown);
      expect(JSON.parse(res.text).errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
      expect(res.headers['x-cache']).toBeUndefined();
    }
    // a variable that fails validation: an error answer, never stored
    const bad = thread.url(app().url, { slug: 'x\u0000y'.repeat(10) });
    for (let i = 0; i < 2; i++) expect((await raw(bad)).headers['x-cache']).not.toBe('HIT');
  });

  it("keeps its entries through mutations that change nothing public (the reader's view beacon)", async () => {
    const article = await buildArticle();
    const vars = { slug: article.slug };
    await thread.register(app().url, vars);
    await raw(thread.url(app().url, vars));
    expect((await raw(thread.url(app().url, vars))).headers['x-cache']).toBe('HIT');
    const view = await gql(RecordArticleViewDocument, { input: { articleId: toGlobalId('Article', article.id) } });
    expect(view.errors).toEqual([]);
    expect((await raw(thread.url(app().url, vars))).headers['x-cache']).toBe('HIT');
  });

  it('stops serving a hidden comment as soon as the hide mutation has answered, old ETags included; other articles stay cached', async () => {
    const article = await buildArticle();
    const secret = `Secret text ${Date.now()}`;
    const comment = await buildComment({ article, body: secret });
    await buildComment({ article, body: 'Another comment' });
    const moderator = await buildUser({ role: 'MODERATOR' });
    const vars = { slug: article.slug };
    await thread.register(app().url, vars);
    const warm = await raw(thread.url(app().url, vars));
    expect(warm.text).toContain(secret);
    expect((await raw(thread.url(app().url, vars))).headers['x-cache']).toBe('HIT');
    // another article's thread, cached too: the hide's event (comment.hidden) moves only its own article's tags
    const other = await buildArticle();
    await buildComment({ article: other, body: 'Elsewhere' });
    await raw(thread.url(app().url, { slug: other.slug }));
    expect((await raw(thread.url(app().url, { slug: other.slug }))).headers['x-cache']).toBe('HIT');
    const hide = await gql(HideCommentDocument, { input: { commentId: toGlobalId('Comment', comment.id), reason: 'ABUSE' } }, { as: moderator });
    hide.expectData();
    const after = await raw(thread.url(app().url, vars), { headers: { 'if-none-match': warm.headers.etag! } });
    expect(after.status).toBe(200);
    expect(after.headers['x-cache']).toBe('MISS');
    expect(after.text).not.toContain(secret);
    expect(after.text).toContain('Another comment');
    expect(after.headers.etag).not.toBe(warm.headers.etag);
    const elsewhere = await raw(thread.url(app().url, { slug: other.slug }));
    expect(elsewhere.headers['x-cache']).toBe('HIT');
    expect(elsewhere.text).toContain('Elsewhere');
  });
});
