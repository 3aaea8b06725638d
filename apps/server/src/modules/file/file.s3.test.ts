import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser } from '../../../test/factories.js';
import { sql, useTestApp } from '../../../test/harness.js';
import { fetchClose, PNG } from './file.fixtures.js';

/**
 * FILE_STORE=s3 against a real S3 protocol server on a free port (s3rver, an S3 implementation
 * in JavaScript: SigV4 signatures checked, objects on disk), not a mock of our own code.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atrium-s3-'));
let s3: S3rver;
let endpoint = '';
beforeAll(async () => {
  s3 = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: dir, configureBuckets: [{ name: 'atrium-files', configs: [] }] });
  const { port } = (await s3.run()) as { port: number };
  endpoint = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  await s3?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const app = useTestApp(() => ({
  s3: { endpoint, bucket: 'atrium-files', region: 'us-east-1', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', forcePathStyle: true },
}));

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function upload(body: Uint8Array, filename: string, token: string) {
  const res = await fetchClose(`${app().url}/files?filename=${filename}`, {
    method: 'POST',
    body,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

describe('FILE_STORE=s3', () => {
  it('stores the bytes as one object per hash (not in the database) and serves them, ranges included', async () => {
    const agent = await buildUser({ role: 'AGENT' });
    const big = Buffer.alloc(700_000);
    for (let i = 0; i < big.length; i++) big[i] = (i * 7) & 0xff;
    const up = await upload(big, 'data.bin', agent.token);
    expect(up.status).toBe(201);
    expect(await sql('select store from file_blobs where sha256 = $1', [sha(big)])).toEqual([{ store: 's3' }]);
    expect(await sql('select count(*)::int as n from file_chunks')).toEqual([{ n: 0 }]);
    // the object, read straight from the S3 server (s3rver answers unsigned reads)
    const object = await fetch(`${endpoint}/atrium-files/blobs/${sha(big)}`);
    expect(object.status).toBe(200);
    expect(sha(Buffer.from(await object.arrayBuffer()))).toBe(sha(big));
    const whole = Buffer.from(await (await fetchClose(app().url + up.body.url)).arrayBuffer());
    expect(sha(whole)).toBe(sha(big));
    const part = await fetchClose(app().url + up.body.url, { headers: { range: 'bytes=300000-300009' } });
    expect(part.status).toBe(206);
    expect(Buffer.from(await part.arrayBuffer())).toEqual(big.subarray(300000, 300010));
  });

  it('the same bytes twice are one object and one blob; a second name is a second file', async () => {
    const agent = await buildUser({ role: 'AGENT' });
    const a = await upload(PNG, 'one.png', agent.token);
    const b = await upload(PNG, 'two.png', agent.token);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.sha256).toBe(b.body.sha256);
    expect(await sql('select count(*)::int as n from file_blobs where sha256 = $1', [sha(PNG)])).toEqual([{ n: 1 }]);
    expect((await fetchClose(app().url + b.body.url)).headers.get('content-type')).toBe('image/png');
  });

  it('an S3 outage fails the upload with a 500 and leaves no blob row', async () => {
    const agent = await buildUser({ role: 'AGENT' });
    await s3.close();
    try {
      const bytes = Buffer.from(`unique ${Math.random()}`);
      const res = await upload(bytes, 'x.txt', agent.token);
      expect([res.status, res.body.errors[0].extensions.code]).toEqual([500, 'INTERNAL_SERVER_ERROR']);
      expect(await sql('select count(*)::int as n from file_blobs where sha256 = $1', [sha(bytes)])).toEqual([{ n: 0 }]);
    } finally {
      const port = Number(new URL(endpoint).port);
      s3 = new S3rver({ port, address: '127.0.0.1', silent: true, directory: dir, configureBuckets: [{ name: 'atrium-files', configs: [] }] });
      await s3.run();
    }
  });
});
