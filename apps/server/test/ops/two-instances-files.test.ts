import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanUpChildServers, startChildServer, type ChildServer } from '../child-server.js';
import { buildArticle, buildUser, type TestUser } from '../factories.js';
import { app, sql, useTestApp } from '../harness.js';

/**
 * Files with TWO server processes on one PostgreSQL (FILE_STORE default: the bytes live in the
 * database): what one instance stored, the other serves, with the same ETag and 304; the same
 * bytes uploaded to both at once are stored once.
 */
const onPostgres = !!process.env.DATABASE_URL;
cleanUpChildServers();

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe.skipIf(!onPostgres)('two server processes on one PostgreSQL: files (skipped on PGlite: one embedded database per process)', () => {
  useTestApp();
  let a: ChildServer;
  let b: ChildServer;
  let agent: TestUser;

  beforeAll(async () => {
    agent = await buildUser({ role: 'AGENT' });
    const env = { DATABASE_URL: app().config.databaseUrl!, SEED_DEMO: 'false' };
    [a, b] = await Promise.all([startChildServer(env), startChildServer(env)]);
  }, 90_000);

  afterAll(async () => {
    for (const s of [a, b]) {
      s?.proc.kill('SIGTERM');
      await s?.exited;
    }
  });

  const upload = async (base: string, bytes: Buffer, query: string) => {
    const res = await fetch(`${base}/files?${query}`, {
      method: 'POST',
      body: bytes,
      headers: { authorization: `Bearer ${agent.token}`, 'content-type': 'application/octet-stream', connection: 'close' },
    });
    return { status: res.status, body: (await res.json()) as { id: string; url: string; sha256: string } };
  };

  it('a file uploaded to A is served by B (bytes, type, ETag, 304, ranges)', async () => {
    const bytes = Buffer.alloc(1_500_000);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 13 + (i >> 9)) & 0xff;
    const up = await upload(a.url, bytes, 'filename=export.bin');
    expect(up.status).toBe(201);
    const fromB = await fetch(b.url + up.body.url, { headers: { connection: 'close' } });
    expect(fromB.status).toBe(200);
    expect(sha(Buffer.from(await fromB.arrayBuffer()))).toBe(sha(bytes));
    const etag = fromB.headers.get('etag')!;
    expect(etag).toBe(`"${sha(bytes)}"`);
    const fromA = await fetch(a.url + up.body.url, { method: 'HEAD', headers: { connection: 'close' } });
    expect(fromA.headers.get('etag')).toBe(etag);
    expect((await fetch(b.url + up.body.url, { headers: { 'if-none-match': etag, connection: 'close' } })).status).toBe(304);
    const part = await fetch(b.url + up.body.url, { headers: { range: 'bytes=1000000-1000099', connection: 'close' } });
    expect(Buffer.from(await part.arrayBuffer())).toEqual(bytes.subarray(1_000_000, 1_000_100));
  });

  it('the same bytes uploaded to both instances at once: one blob, one file per name, every answer the same', async () => {
    const bytes = Buffer.from(`same bytes ${Math.random()} `.repeat(20_000));
    const article = await buildArticle();
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => upload(i % 2 ? b.url : a.url, bytes, `filename=same.txt&purpose=ARTICLE_ATTACHMENT&articleId=${article.gid}`)),
    );
    expect(answers.map((x) => x.status)).toEqual(Array(12).fill(201));
    expect(new Set(answers.map((x) => x.body.id)).size).toBe(1);
    expect(await sql('select count(*)::int as n from file_blobs where sha256 = $1', [sha(bytes)])).toEqual([{ n: 1 }]);
    expect(await sql('select count(*)::int as n from files where sha256 = $1', [sha(bytes)])).toEqual([{ n: 1 }]);
    const [{ chunks, bytes: stored }] = await sql<{ chunks: number; bytes: number }>(
      'select count(*)::int as chunks, sum(length(data))::int as bytes from file_chunks where sha256 = $1',
      [sha(bytes)],
    );
    expect({ chunks, stored }).toEqual({ chunks: Math.ceil(bytes.length / (256 * 1024)), stored: bytes.length });
  });
});
