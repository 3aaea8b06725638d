import fs from 'node:fs';
import type { EntityManager } from 'typeorm';
import type { S3Config } from '../../config.js';
import type { Db } from '../../db/data-source.js';

/** Size of one `file_chunks` row (the bytea column); a range read fetches only the rows it covers. */
export const CHUNK_BYTES = 256 * 1024;
/** Chunk rows fetched per statement while streaming a file out (2 MiB). */
const CHUNKS_PER_READ = 8;

/** The bytes of one upload, held in memory (small, from the importer) or spooled to a temp file. */
export interface BlobSource {
  size: number;
  /** The bytes in pieces of at most `bytes`. */
  pieces(bytes: number): AsyncIterable<Buffer>;
  /** The whole file in one buffer (S3 PUT: bounded by FILE_MAX_BYTES). */
  buffer(): Promise<Buffer>;
}

export function memorySource(bytes: Uint8Array): BlobSource {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    size: buf.length,
    async *pieces(n) {
      for (let at = 0; at < buf.length; at += n) yield buf.subarray(at, at + n);
    },
    buffer: async () => buf,
  };
}

export function fileSource(path: string, size: number): BlobSource {
  return {
    size,
    async *pieces(n) {
      const fh = await fs.promises.open(path, 'r');
      try {
        for (let at = 0; at < size; at += n) {
          const buf = Buffer.allocUnsafe(Math.min(n, size - at));
          const { bytesRead } = await fh.read(buf, 0, buf.length, at);
          yield buf.subarray(0, bytesRead);
        }
      } finally {
        await fh.close();
      }
    },
    buffer: () => fs.promises.readFile(path),
  };
}

/** An inclusive byte range of a file. */
export interface ByteRange {
  start: number;
  end: number;
}

/** Where a blob's bytes live. `put` runs before the blob row's transaction, `insert` inside it. */
export interface BlobStore {
  readonly kind: 'pg' | 's3';
  put(sha256: string, source: BlobSource): Promise<void>;
  insert(tx: EntityManager, sha256: string, source: BlobSource): Promise<void>;
  read(sha256: string, range: ByteRange): AsyncIterable<Buffer>;
}

/**
 * The default: bytes in PostgreSQL as 256 KiB bytea rows, written in the transaction that
 * creates the blob (so a blob row exists only with all its bytes), read a few rows per
 * statement, so serving a file holds neither the whole file in memory nor a connection
 * between statements.
 */
export class PgBlobStore implements BlobStore {
  readonly kind = 'pg' as const;
  constructor(private readonly db: Db) {}

  async put(): Promise<void> {}

  async insert(tx: EntityManager, sha256: string, source: BlobSource): Promise<void> {
    let seq = 0;
    for await (const piece of source.pieces(CHUNK_BYTES)) {
      // base64 text rather than a bytea parameter: PGlite is 4x faster with it, PostgreSQL the same (bench/files.ts)
      await tx.query(`insert into file_chunks (sha256, seq, data) values ($1, $2, decode($3, 'base64'))`, [sha256, seq++, piece.toString('base64')]);
    }
  }

  async *read(sha256: string, range: ByteRange): AsyncIterable<Buffer> {
    const first = Math.floor(range.start / CHUNK_BYTES);
    const last = Math.floor(range.end / CHUNK_BYTES);
    for (let from = first; from <= last; from += CHUNKS_PER_READ) {
      const to = Math.min(last, from + CHUNKS_PER_READ - 1);
      // base64 out, too: PGlite returns bytea 17x slower, PostgreSQL's text hex is a third slower (bench/files.ts)
      const rows: Array<{ seq: number; data: string }> = await this.db.query(
        `select seq, encode(data, 'base64') as data from file_chunks where sha256 = $1 and seq between $2 and $3 order by seq`,
        [sha256, from, to],
      );
      if (rows.length !== to - from + 1) throw new Error(`file ${sha256}: chunks ${from}..${to} missing`);
      for (const row of rows) {
        const data = Buffer.from(row.data, 'base64'); // PostgreSQL's line breaks are skipped
        const base = row.seq * CHUNK_BYTES;
        const a = Math.max(0, range.start - base);
        const b = Math.min(data.length, range.end - base + 1);
        yield data.subarray(a, b);
      }
    }
  }
}

type AwsClient = import('aws4fetch').AwsClient;

/**
 * FILE_STORE=s3: one object per blob, named `blobs/<sha256>`, in an S3-compatible bucket
 * (AWS, MinIO, R2, …), signed with SigV4 by aws4fetch. The PUT carries the real SHA-256 of
 * the body as x-amz-content-sha256, so the store itself checks the bytes. Written before the
 * blob row commits: an object whose row never committed is reused by the next upload of the
 * same bytes.
 */
export class S3BlobStore implements BlobStore {
  readonly kind = 's3' as const;
  private client: Promise<AwsClient> | null = null;
  constructor(private readonly config: S3Config) {}

  private aws(): Promise<AwsClient> {
    return (this.client ??= import('aws4fetch').then(
      ({ AwsClient }) =>
        new AwsClient({
          accessKeyId: this.config.accessKeyId,
          secretAccessKey: this.config.secretAccessKey,
          service: 's3',
          region: this.config.region,
        }),
    ));
  }

  private url(sha256: string): string {
    const base = new URL(this.config.endpoint);
    const key = `blobs/${sha256}`;
    if (this.config.forcePathStyle) return new URL(`${base.pathname.replace(/\/$/, '')}/${this.config.bucket}/${key}`, base).toString();
    base.hostname = `${this.config.bucket}.${base.hostname}`;
    return new URL(`/${key}`, base).toString();
  }

  async put(sha256: string, source: BlobSource): Promise<void> {
    const aws = await this.aws();
    const head = await aws.fetch(this.url(sha256), { method: 'HEAD' });
    if (head.ok) return; // content-addressed: the same bytes are already there
    const body = await source.buffer();
    const res = await aws.fetch(this.url(sha256), {
      method: 'PUT',
      body,
      headers: { 'x-amz-content-sha256': sha256, 'content-type': 'application/octet-stream', 'content-length': String(body.length) },
    });
    if (!res.ok) throw new Error(`S3 PUT ${res.status}: ${(await res.text()).slice(0, 300)}`);
  }

  async insert(): Promise<void> {}

  async *read(sha256: string, range: ByteRange): AsyncIterable<Buffer> {
    const aws = await this.aws();
    const res = await aws.fetch(this.url(sha256), { headers: { range: `bytes=${range.start}-${range.end}` } });
    if (!res.ok || !res.body) throw new Error(`S3 GET ${res.status}`);
    for await (const piece of res.body as unknown as AsyncIterable<Uint8Array>) yield Buffer.from(piece);
  }
}
