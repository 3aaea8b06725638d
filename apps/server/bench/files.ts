import { createHash, randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { SESSION_PREFIX, tokenHash } from '../src/modules/auth/auth.service.js';
import { CHUNK_BYTES } from '../src/modules/file/file.store.js';
import { benchDatabase, startBenchApp, table } from './lib.js';

/**
 * Files (#19): uploading and serving through the HTTP routes, bytes in the database, on
 * PostgreSQL and PGlite; then the storage choice itself, measured below the service on
 * PostgreSQL: 256 KiB bytea rows (what FileService does) against large objects
 * (lo_from_bytea / lo_get in 2 MiB reads), both passing the bytes as base64 text like the store.
 *   npm run bench -- files        FILES_BENCH_MB=20 (the size of the big file)
 */
const MB = Number(process.env.FILES_BENCH_MB ?? 20);
const SMALL = 50;
const SMALL_BYTES = 200 * 1024;
const rssMb = () => process.memoryUsage().rss / 1024 / 1024;

/** Reads a download to its end without keeping it (the client shares the server's process and RSS). */
async function drain(url: string, each: (piece: Uint8Array) => void = () => {}) {
  const res = await fetch(url);
  for await (const piece of res.body as unknown as AsyncIterable<Uint8Array>) each(piece);
}

async function runOne(label: string, databaseUrl: string | null) {
  const app = await startBenchApp(databaseUrl, { fileMaxBytes: (MB + 1) * 1024 * 1024 });
  const db = app.database.ds;
  const rows: Array<Array<string | number>> = [];
  try {
    const [agent] = await db.query(
      `insert into users (handle, display_name, email, email_verified_at, password_hash, role, status) values ('agent', 'Agent', 'agent@bench.example', now(), 'x', 'AGENT', 'ACTIVE') returning id`,
    );
    const token = SESSION_PREFIX + randomBytes(32).toString('base64url');
    await db.query(`insert into sessions (user_id, token_hash, expires_at) values ($1, $2, now() + interval '1 day')`, [agent.id, tokenHash(token)]);
    const upload = async (bytes: Buffer, name: string) => {
      const res = await fetch(`${app.url}/files?filename=${name}`, {
        method: 'POST',
        body: bytes,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
      });
      if (res.status !== 201) throw new Error(`upload ${res.status}: ${await res.text()}`);
      return (await res.json()) as { url: string; sha256: string };
    };
    const rss0 = rssMb();
    let peak = rss0;
    const sample = setInterval(() => (peak = Math.max(peak, rssMb())), 20);

    const big = randomBytes(MB * 1024 * 1024);
    let t = performance.now();
    const up = await upload(big, 'big.bin');
    const upMs = performance.now() - t;
    t = performance.now();
    const hash = createHash('sha256');
    await drain(app.url + up.url, (piece) => hash.update(piece));
    const downMs = performance.now() - t;
    if (hash.digest('hex') !== up.sha256) throw new Error('download differs');
    rows.push([label, `upload ${MB} MB`, upMs, (MB / upMs) * 1000]);
    rows.push([label, `download ${MB} MB`, downMs, (MB / downMs) * 1000]);

    t = performance.now();
    await Promise.all(Array.from({ length: 8 }, () => drain(app.url + up.url)));
    const par = performance.now() - t;
    rows.push([label, `8 downloads at once of ${MB} MB`, par, ((8 * MB) / par) * 1000]);

    t = performance.now();
    const smalls = [];
    for (let i = 0; i < SMALL; i++) smalls.push(await upload(randomBytes(SMALL_BYTES), `img${i}.bin`));
    const smallUp = performance.now() - t;
    rows.push([label, `${SMALL} uploads of 200 KB (ms each)`, smallUp / SMALL, ((SMALL * SMALL_BYTES) / 1024 / 1024 / smallUp) * 1000]);
    t = performance.now();
    for (const s of smalls) await drain(app.url + s.url);
    const smallDown = performance.now() - t;
    rows.push([label, `${SMALL} downloads of 200 KB (ms each)`, smallDown / SMALL, ((SMALL * SMALL_BYTES) / 1024 / 1024 / smallDown) * 1000]);
    clearInterval(sample);
    rows.push([label, 'peak RSS growth, server and client in one process (MB)', peak - rss0, 0]);
  } finally {
    await app.close();
  }
  return rows;
}

/** The storage choice, below the service, on PostgreSQL: bytea chunks vs large objects. */
async function storageChoice(databaseUrl: string) {
  const app = await startBenchApp(databaseUrl);
  const db = app.database.ds;
  const rows: Array<Array<string | number>> = [];
  try {
    const big = randomBytes(MB * 1024 * 1024);
    const sha = createHash('sha256').update(big).digest('hex');
    let t = performance.now();
    await db.transaction(async (tx) => {
      await tx.query(`insert into file_blobs (sha256, size, content_type, store) values ($1, $2, 'application/octet-stream', 'pg')`, [sha, big.length]);
      for (let at = 0, seq = 0; at < big.length; at += CHUNK_BYTES, seq++) {
        await tx.query(`insert into file_chunks (sha256, seq, data) values ($1, $2, decode($3, 'base64'))`, [sha, seq, big.subarray(at, at + CHUNK_BYTES).toString('base64')]);
      }
    });
    const chunkWrite = performance.now() - t;
    t = performance.now();
    let read = 0;
    for (let seq = 0; seq * CHUNK_BYTES < big.length; seq += 8) {
      const part: Array<{ data: string }> = await db.query(`select encode(data, 'base64') as data from file_chunks where sha256 = $1 and seq between $2 and $3 order by seq`, [sha, seq, seq + 7]);
      for (const p of part) read += Buffer.from(p.data, 'base64').length;
    }
    const chunkRead = performance.now() - t;
    if (read !== big.length) throw new Error('chunk read short');
    rows.push(['bytea, 256 KiB rows', chunkWrite, chunkRead]);

    t = performance.now();
    const [{ oid }] = await db.transaction((tx) => tx.query(`select lo_from_bytea(0, decode($1, 'base64')) as oid`, [big.toString('base64')]));
    const loWrite = performance.now() - t;
    t = performance.now();
    read = 0;
    for (let at = 0; at < big.length; at += 2 * 1024 * 1024) {
      const [{ data }] = await db.query(`select encode(lo_get($1::oid, $2, $3), 'base64') as data`, [oid, at, 2 * 1024 * 1024]);
      read += Buffer.from(data as string, 'base64').length;
    }
    const loRead = performance.now() - t;
    if (read !== big.length) throw new Error('lo read short');
    await db.query('select lo_unlink($1::oid)', [oid]);
    rows.push(['large object (lo_from_bytea, lo_get 2 MiB)', loWrite, loRead]);
  } finally {
    await app.close();
  }
  return rows;
}

export async function runFilesBench() {
  const pgDb = await benchDatabase('files');
  const rows: Array<Array<string | number>> = [];
  try {
    rows.push(...(await runOne('PostgreSQL', pgDb.url)));
    rows.push(...(await runOne('PGlite', null)));
    table(`Files through HTTP (bytes in the database, ${MB} MB big file)`, ['database', 'what', 'ms', 'MB/s'], rows);
  } finally {
    await pgDb.drop();
  }
  const choiceDb = await benchDatabase('filestore');
  try {
    table(`Storage choice on PostgreSQL, ${MB} MB written in one transaction, read in 2 MiB steps`, ['storage', 'write ms', 'read ms'], await storageChoice(choiceDb.url));
  } finally {
    await choiceDb.drop();
  }
}
