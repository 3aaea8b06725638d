import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { buildArticle, buildUser } from '../../../test/factories.js';
import { CreateApiTokenDocument } from '@atrium/schema';
import { gql, sql, useTestApp } from '../../../test/harness.js';
import { SESSION_COOKIE } from '../auth/auth.resolver.js';
import { fetchClose, PNG } from './file.fixtures.js';
import { FileTooLargeError } from './file.service.js';

const app = useTestApp(); // FILE_MAX_BYTES: the default 20 MB

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function upload(body: Uint8Array | ReadableStream, query: string, opts: { token?: string; headers?: Record<string, string> } = {}) {
  const res = await fetchClose(`${app().url}/files?${query}`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/octet-stream', ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}), ...opts.headers },
    ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
  } as RequestInit);
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, any> };
}

describe('FileService.store (the importer path)', () => {
  it('stores bytes once by content hash and is idempotent for the same name and purpose', async () => {
    const agent = await buildUser({ role: 'AGENT' });
    const files = app().services.files;
    const a = await files.store({ bytes: PNG, filename: 'pixel.png', uploaderId: agent.id, purpose: 'ARTICLE_BODY' });
    expect(a).toMatchObject({ sha256: sha(PNG), contentType: 'image/png', size: PNG.length, url: `/files/${sha(PNG)}/pixel.png`, name: 'pixel.png' });
    expect(a.markdown).toBe(`![pixel.png](/files/${sha(PNG)}/pixel.png)`);
    const again = await files.store({ bytes: PNG, filename: 'pixel.png', uploaderId: agent.id, purpose: 'ARTICLE_BODY' });
    expect(again.id).toBe(a.id);
    const other = await files.store({ stream: Readable.from([PNG.subarray(0, 10), PNG.subarray(10)]), filename: 'other name.png', uploaderId: null, purpose: 'ARTICLE_BODY' });
    expect(other.id).not.toBe(a.id);
    expect(other.name).toBe('other-name.png');
    const [{ blobs, chunks }] = await sql<{ blobs: number; chunks: number }>(
      `select (select count(*)::int from file_blobs where sha256 = $1) as blobs, (select count(*)::int from file_chunks where sha256 = $1) as chunks`,
      [sha(PNG)],
    );
    expect({ blobs, chunks }).toEqual({ blobs: 1, chunks: 1 });
  });

  it('refuses a stream over the limit while reading it, and keeps nothing', async () => {
    const before = await sql<{ n: number }>('select count(*)::int as n from file_blobs');
    let pulled = 0;
    async function* endless() {
      const piece = Buffer.alloc(64 * 1024, 7);
      for (;;) {
        pulled += piece.length;
        yield piece;
      }
    }
    await expect(app().services.files.store({ stream: endless(), filename: 'big.bin', uploaderId: null, purpose: 'ARTICLE_BODY' })).rejects.toBeInstanceOf(FileTooLargeError);
    expect(pulled).toBeLessThanOrEqual(20 * 1024 * 1024 + 64 * 1024);
    expect(await sql('select count(*)::int as n from file_blobs')).toEqual(before);
  });
});

describe('POST /files and GET /files/<sha256>/<name>', () => {
  it('an agent uploads an image; it is served immutable, with ETag, 304 and ranges', async () => {
    const agent = await buildUser({ role: 'AGENT' });
    const up = await upload(PNG, 'filename=Screen%20Shot.png', { token: agent.token });
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ url: `/files/${sha(PNG)}/Screen-Shot.png`, contentType: 'image/png', size: PNG.length, sha256: sha(PNG) });
    const res = await fetchClose(app().url + up.body.url);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(PNG);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('etag')).toBe(`"${sha(PNG)}"`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toMatch(/sandbox/);
    expect(res.headers.get('content-disposition')).toMatch(/^inline/);
    const cached = await fetchClose(app().url + up.body.url, { headers: { 'if-none-match': `"${sha(PNG)}"` } });
    expect(cached.status).toBe(304);
    const part = await fetchClose(app().url + up.body.url, { headers: { range: 'bytes=1-3' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 1-3/${PNG.length}`);
    expect(Buffer.from(await part.arrayBuffer())).toEqual(PNG.subarray(1, 4));
    const bad = await fetchClose(app().url + up.body.url, { headers: { range: `bytes=${PNG.length}-` } });
    expect(bad.status).toBe(416);
  });

  it('a large file round-trips across chunks, and a range in the middle reads only what it covers', async () => {
    const agent = await buildUser({ role: 'AGENT' });
    const big = Buffer.alloc(1024 * 1024 + 12345);
    for (let i = 0; i < big.length; i++) big[i] = (i * 31 + (i >> 11)) & 0xff;
    const stream = new ReadableStream({
      start(c) {
        for (let at = 0; at < big.length; at += 50_000) c.enqueue(big.subarray(at, at + 50_000));
        c.close();
      },
    });
    const up = await upload(stream, 'filename=data.bin', { token: agent.token });
    expect(up.status).toBe(201);
    expect(up.body.contentType).toBe('application/octet-stream');
    const whole = Buffer.from(await (await fetchClose(app().url + up.body.url)).arrayBuffer());
    expect(sha(whole)).toBe(sha(big));
    const part = await fetchClose(app().url + up.body.url, { headers: { range: 'bytes=262000-524400' } });
    expect(Buffer.from(await part.arrayBuffer())).toEqual(big.subarray(262000, 524401));
  });
});

async function apiToken(user: { token: string }, scopes: string[]): Promise<string> {
  const res = await gql(CreateApiTokenDocument, { input: { name: 'files', scopes: scopes as never } }, { token: user.token });
  return res.expectData().createApiToken.token;
}

const count = async (table: string) => (await sql<{ n: number }>(`select count(*)::int as n from ${table}`))[0].n;

describe('hostile files', () => {
  const served = async (url: string) => {
    const res = await fetchClose(app().url + url);
    return { res, text: await res.text() };
  };

  it('HTML named .png is text/html, served only as a download with nosniff and a sandbox', async () => {
    const agent = await buildUser({ role: 'AGENT' });
    const html = Buffer.from('<!doctype html><html><body><script>alert(document.cookie)</script></body></html>');
    const up = await upload(html, 'filename=cute-cat.png', { token: agent.token, headers: { 'content-type': 'image/png' } });
    expect(up.status).toBe(201);
    expect(up.body.contentType).toBe('text/html');
    expect(up.body.markdown).toMatch(/^\[/); // a link, not an image
    const { res } = await served(up.body.url);
    expect(res.headers.get('content-type')).toBe('text/html');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'; sandbox");
  });

  it('SVG with a script (with or without an XML declaration) is image/svg+xml and never inline', async () => {
    const agent = await buildUser({ role: 'AGENT' });
    for (const svg of [
      '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>',
      '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(3)</script></svg>',
    ]) {
      const up = await upload(Buffer.from(svg), 'filename=logo.svg', { token: agent.token });
      expect(up.body.contentType).toBe('image/svg+xml');
      expect(up.body.markdown).toMatch(/^\[logo\.svg\]/);
      const { res } = await served(up.body.url);
      expect(res.headers.get('content-disposition')).toMatch(/^attachment/);
      expect(res.headers.get('content-security-policy')).toMatch(/sandbox/);
    }
  });

  it('a GIF/HTML polyglot is served as image/gif (nosniff: never as a page)', async () => {
    const agent = await buildUser({ role: 'AGENT' });
    const poly = Buffer.concat([Buffer.from('GIF89a/*\x01\x00\x01\x00\x00\x00\x00', 'latin1'), Buffer.from('*/=1;<html><script>alert(1)</script></html>')]);
    const up = await upload(poly, 'filename=poly.html', { token: agent.token });
    expect(up.body.contentType).toBe('image/gif');
    expect(up.body.name).toBe('poly.gif');
    const { res } = await served(up.body.url);
    expect(res.headers.get('content-type')).toBe('image/gif');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toMatch(/sandbox/);
  });

  it('NUL bytes, paths and controls in the file name are dropped', async () => {
    const agent = await buildUser({ role: 'AGENT' });
    const up = await upload(PNG, `filename=${encodeURIComponent('../../etc/pa\u0000ss\r\nwd<x>.png')}`, { token: agent.token });
    expect(up.status).toBe(201);
    expect(up.body.name).toBe('passwd-x.png');
    expect(up.body.originalName).toBe('passwd<x>.png');
    const [row] = await sql<{ original_name: string }>('select original_name from files where name = $1 limit 1', ['passwd-x.png']);
    expect(row.original_name).not.toMatch(/[\u0000\r\n]/);
    const nameOnly = await upload(PNG, `filename=${encodeURIComponent('\u0000\u0000')}`, { token: agent.token });
    expect(nameOnly.body.name).toBe('file.png');
  });

  it('a 30 MB stream over the 20 MB limit: 413 FILE_TOO_LARGE, nothing stored (declared or not)', async () => {
    const agent = await buildUser({ role: 'AGENT' });
    const blobs = await count('file_blobs');
    const piece = new Uint8Array(1024 * 1024).fill(42);
    let sent = 0;
    const stream = new ReadableStream({
      pull(c) {
        if (sent >= 30) return c.close();
        sent++;
        c.enqueue(piece);
      },
    });
    const res = await fetchClose(`${app().url}/files?filename=big.bin`, {
      method: 'POST', body: stream, duplex: 'half', headers: { authorization: `Bearer ${agent.token}`, 'content-type': 'application/octet-stream' },
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { errors: Array<{ extensions: unknown }> }).errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'FILE_TOO_LARGE', maxBytes: 20 * 1024 * 1024 });
    const declared = await fetchClose(`${app().url}/files?filename=big.bin`, {
      method: 'POST', body: new Uint8Array(21 * 1024 * 1024), headers: { authorization: `Bearer ${agent.token}` },
    });
    expect(declared.status).toBe(413);
    expect(await count('file_blobs')).toBe(blobs);
    expect(await count('file_chunks where sha256 not in (select sha256 from file_blobs)')).toBe(0);
  });

  it('forged URLs answer 404: unknown hash, known hash with another name, bad hash, traversal', async () => {
    const agent = await buildUser({ role: 'AGENT' });
    const up = await upload(PNG, 'filename=real.png', { token: agent.token });
    const h = up.body.sha256 as string;
    for (const url of [
      `/files/${'0'.repeat(64)}/real.png`,
      `/files/${h}/other.png`,
      `/files/${h.toUpperCase()}/real.png`,
      `/files/${h.slice(1)}/real.png`,
      `/files/${h}/..%2f..%2fetc%2fpasswd`,
      `/files/${h}/real.png%00.html`,
      `/files/${h}/${'a'.repeat(5000)}`,
    ]) {
      const res = await fetchClose(app().url + url);
      expect(res.status, url).toBe(404);
      expect(res.headers.get('cache-control'), url).toBe('no-store');
      await res.arrayBuffer();
    }
  });

  it('members, anonymous callers, bad tokens and cookie requests without a preflight cannot upload', async () => {
    const member = await buildUser();
    const blobs = await count('file_blobs');
    expect((await upload(PNG, 'filename=a.png', { token: member.token })).body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect((await upload(PNG, 'filename=a.png', { token: member.token })).status).toBe(403);
    const anon = await upload(PNG, 'filename=a.png');
    expect([anon.status, anon.body.errors[0].extensions.code]).toEqual([401, 'UNAUTHENTICATED']);
    const forged = await upload(PNG, 'filename=a.png', { token: 'atr_forged' });
    expect([forged.status, forged.body.errors[0].extensions.code]).toEqual([401, 'UNAUTHENTICATED']);
    const agent = await buildUser({ role: 'AGENT' });
    const csrf = await upload(PNG, 'filename=a.png', { headers: { cookie: `${SESSION_COOKIE}=${agent.token}`, 'content-type': 'text/plain' } });
    expect([csrf.status, csrf.body.errors[0].extensions.reason]).toEqual([403, 'CSRF_PREFLIGHT_REQUIRED']);
    const viaCookie = await upload(PNG, 'filename=a.png', { headers: { cookie: `${SESSION_COOKIE}=${agent.token}` } });
    expect(viaCookie.status).toBe(201);
    // API tokens: an agent's token needs the ADMIN_CONTENT scope, like the article mutations
    const readOnly = await apiToken(agent, []);
    const denied = await upload(PNG, 'filename=a.png', { token: readOnly });
    expect([denied.status, denied.body.errors[0].extensions.requiredScope]).toEqual([403, 'ADMIN_CONTENT']);
    expect((await upload(PNG, 'filename=a.png', { token: await apiToken(agent, ['ADMIN_CONTENT']) })).status).toBe(201);
    const suspended = await buildUser({ role: 'AGENT', status: 'SUSPENDED' });
    expect((await upload(PNG, 'filename=a.png', { token: suspended.token })).status).toBe(403);
    expect(await count('file_blobs')).toBe(blobs + (blobs === 0 ? 1 : 0));
  });

  it('bad input: no name, unknown purpose, an attachment without or with a forged article id, an empty body', async () => {
    const agent = await buildUser({ role: 'AGENT' });
    const cases: Array<[string, number, string]> = [
      ['purpose=ARTICLE_BODY', 400, 'BAD_USER_INPUT'],
      ['filename=a.png&purpose=AVATAR', 400, 'BAD_USER_INPUT'],
      ['filename=a.png&purpose=ARTICLE_ATTACHMENT', 400, 'BAD_USER_INPUT'],
      ['filename=a.png&purpose=ARTICLE_ATTACHMENT&articleId=nope', 400, 'BAD_USER_INPUT'],
      [`filename=a.png&purpose=ARTICLE_ATTACHMENT&articleId=${Buffer.from('Article:00000000-0000-4000-8000-000000000000').toString('base64url')}`, 404, 'NOT_FOUND'],
      [`filename=${'x'.repeat(2000)}`, 400, 'BAD_USER_INPUT'],
    ];
    for (const [query, status, code] of cases) {
      const res = await upload(PNG, query, { token: agent.token });
      expect([query, res.status, res.body.errors?.[0]?.extensions?.code]).toEqual([query, status, code]);
    }
    const empty = await upload(new Uint8Array(0), 'filename=a.png', { token: agent.token });
    expect([empty.status, empty.body.errors[0].extensions.reason]).toEqual([400, 'FILE_EMPTY']);
    const a = await buildArticle();
    const ok = await upload(PNG, `filename=a.png&purpose=ARTICLE_ATTACHMENT&articleId=${a.gid}`, { token: agent.token });
    expect(ok.status).toBe(201);
  });
});
