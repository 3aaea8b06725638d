import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { buildArticle, buildUser } from '../../../test/factories.js';
import { sql, useTestApp } from '../../../test/harness.js';
import { FileTooLargeError } from './file.service.js';

const app = useTestApp(() => ({ fileMaxBytes: 2 * 1024 * 1024 }));

// the smallest valid PNG (1×1, transparent)
export const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6300010000050001' + '0d0a2db40000000049454e44ae426082',
  'hex',
);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function upload(body: BodyInit, query: string, opts: { token?: string; headers?: Record<string, string> } = {}) {
  const res = await fetch(`${app().url}/files?${query}`, {
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
    expect(pulled).toBeLessThanOrEqual(2 * 1024 * 1024 + 64 * 1024);
    expect(await sql('select count(*)::int as n from file_blobs')).toEqual(before);
  });
});

describe('POST /files and GET /files/<sha256>/<name>', () => {
  it('an agent uploads an image; it is served immutable, with ETag, 304 and ranges', async () => {
    const agent = await buildUser({ role: 'AGENT' });
    const up = await upload(PNG, 'filename=Screen%20Shot.png', { token: agent.token });
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ url: `/files/${sha(PNG)}/Screen-Shot.png`, contentType: 'image/png', size: PNG.length, sha256: sha(PNG) });
    const res = await fetch(app().url + up.body.url);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(PNG);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('etag')).toBe(`"${sha(PNG)}"`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toMatch(/sandbox/);
    expect(res.headers.get('content-disposition')).toMatch(/^inline/);
    const cached = await fetch(app().url + up.body.url, { headers: { 'if-none-match': `"${sha(PNG)}"` } });
    expect(cached.status).toBe(304);
    const part = await fetch(app().url + up.body.url, { headers: { range: 'bytes=1-3' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 1-3/${PNG.length}`);
    expect(Buffer.from(await part.arrayBuffer())).toEqual(PNG.subarray(1, 4));
    const bad = await fetch(app().url + up.body.url, { headers: { range: `bytes=${PNG.length}-` } });
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
    const whole = Buffer.from(await (await fetch(app().url + up.body.url)).arrayBuffer());
    expect(sha(whole)).toBe(sha(big));
    const part = await fetch(app().url + up.body.url, { headers: { range: 'bytes=262000-524400' } });
    expect(Buffer.from(await part.arrayBuffer())).toEqual(big.subarray(262000, 524401));
  });
});
