import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { Config } from '../../config.js';
import { returningRows } from '../../db/columns.js';
import type { Db } from '../../db/data-source.js';
import { AppError, BadUserInputError, NotFoundError } from '../../graphql/errors.js';
import type { EventLog } from '../../events/event-log.js';
import { inTransaction } from '../../lib/tx.js';
import { fileSource, memorySource, PgBlobStore, S3BlobStore, type BlobSource, type BlobStore, type ByteRange } from './file.store.js';
import { isImageType, safeFileName, sniffType, SNIFF_BYTES } from './file.types.js';

/** What a file is for: an image or link in an article body, or an attachment listed under an article. */
export type FilePurpose = 'ARTICLE_BODY' | 'ARTICLE_ATTACHMENT';
export const FILE_PURPOSES: readonly FilePurpose[] = ['ARTICLE_BODY', 'ARTICLE_ATTACHMENT'];

export interface StoreFileInput {
  /** The bytes, when the caller has them in memory (the importer's downloads). */
  bytes?: Uint8Array;
  /** Or a stream (an HTTP upload): read once, never held whole in memory. */
  stream?: Readable | AsyncIterable<Uint8Array>;
  /** The name the client gave; reduced to a safe name for the URL. */
  filename: string;
  /** What the client said the type is: recorded nowhere, never trusted (the bytes decide). */
  declaredType?: string | null;
  uploaderId: string | null;
  purpose: FilePurpose;
  /** The article's uuid, for ARTICLE_ATTACHMENT. */
  articleId?: string | null;
}

export interface StoredFile {
  /** uuid of the `files` row. */
  id: string;
  sha256: string;
  /** Safe name, the last segment of the URL. */
  name: string;
  originalName: string;
  /** Site-relative, immutable: `/files/<sha256>/<name>`. */
  url: string;
  /** Sniffed from the bytes. */
  contentType: string;
  size: number;
  purpose: FilePurpose;
  articleId: string | null;
  uploaderId: string | null;
  createdAt: Date;
  /** Markdown that shows it: `![name](url)` for images, `[name](url)` otherwise. */
  markdown: string;
}

/** A blob as the file route serves it. */
export interface ServedBlob {
  sha256: string;
  size: number;
  contentType: string;
  store: 'pg' | 's3';
}

export class FileTooLargeError extends AppError {
  constructor(readonly maxBytes: number) {
    super('BAD_USER_INPUT', `The file is larger than the limit of ${formatBytes(maxBytes)}.`, { reason: 'FILE_TOO_LARGE', maxBytes });
  }
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${+(n / 1024 / 1024).toFixed(1)} MB` : `${Math.round(n / 1024)} KB`;
}

const SHA256 = /^[0-9a-f]{64}$/;
/** The shape of every stored safe name (the migration checks the same). */
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,119}$/;
const FILE_COLUMNS = `f.id, f.sha256, f.name, f.original_name as "originalName", f.purpose, f.article_id as "articleId",
  f.uploader_id as "uploaderId", f.created_at as "createdAt", b.size::float8 as size, b.content_type as "contentType"`;

type FileRow = Omit<StoredFile, 'url' | 'markdown'>;

export function fileUrl(sha256: string, name: string): string {
  return `/files/${sha256}/${name}`;
}

function toStored(row: FileRow): StoredFile {
  const url = fileUrl(row.sha256, row.name);
  const label = row.originalName.replace(/[\[\]\\\r\n]/g, ' ').trim().slice(0, 200) || row.name;
  return { ...row, size: Number(row.size), url, markdown: isImageType(row.contentType) ? `![${label}](${url})` : `[${label}](${url})` };
}

/**
 * The only writer of files, file_blobs and file_chunks. `store` reads the bytes once (hash,
 * size limit, the head for sniffing; a stream is spooled to a temp file, never buffered
 * whole), then in one transaction creates the blob (unless the same bytes exist: dedupe) and
 * the file row (unless the same bytes, name, purpose and article exist: idempotent).
 */
export class FileService {
  private readonly pg: PgBlobStore;
  private readonly s3: S3BlobStore | null;
  constructor(
    private readonly db: Db,
    private readonly config: Pick<Config, 'fileMaxBytes' | 's3'>,
    /** Domain events (article.attachment_added/removed); null in tools that only store bytes. */
    private readonly events: EventLog | null = null,
  ) {
    this.pg = new PgBlobStore(db);
    this.s3 = config.s3 ? new S3BlobStore(config.s3) : null;
  }

  get maxBytes(): number {
    return this.config.fileMaxBytes;
  }

  /** Where new blobs go (FILE_STORE). */
  private get writeStore(): BlobStore {
    return this.s3 ?? this.pg;
  }

  async store(input: StoreFileInput): Promise<StoredFile> {
    if (!FILE_PURPOSES.includes(input.purpose)) throw new BadUserInputError('Unknown file purpose.', { field: 'purpose' });
    const articleId = input.purpose === 'ARTICLE_ATTACHMENT' ? (input.articleId ?? null) : null;
    if (input.purpose === 'ARTICLE_ATTACHMENT' && !articleId) throw new BadUserInputError('An attachment needs its article.', { field: 'articleId' });
    const originalName = cleanOriginalName(input.filename);
    const spooled = input.bytes ? await this.readBytes(input.bytes) : input.stream ? await this.spool(input.stream) : null;
    if (!spooled) throw new BadUserInputError('No file was sent.');
    try {
      const contentType = await sniffType(spooled.head, spooled.source.size <= spooled.head.length);
      const name = safeFileName(originalName, contentType);
      const { sha256 } = spooled;
      const existing = await this.blob(sha256);
      if (!existing) await this.writeStore.put(sha256, spooled.source);
      const row = await inTransaction(this.db, async (tx) => {
        let sectionId: string | null = null;
        if (articleId) {
          const [article]: Array<{ sectionId: string }> = await tx.query('select section_id as "sectionId" from articles where id = $1 for key share', [articleId]);
          if (!article) throw new NotFoundError('article');
          sectionId = article.sectionId;
        }
        const created = await returningRows<{ sha256: string }>(
          tx,
          `insert into file_blobs (sha256, size, content_type, store) values ($1, $2, $3, $4)
           on conflict (sha256) do nothing returning sha256`,
          [sha256, spooled.source.size, contentType, this.writeStore.kind],
        );
        if (created.length) await this.writeStore.insert(tx, sha256, spooled.source);
        const inserted = await returningRows<{ id: string }>(
          tx,
          `insert into files (sha256, name, original_name, purpose, article_id, uploader_id)
           values ($1, $2, $3, $4, $5, $6) on conflict do nothing returning id`,
          [sha256, name, originalName, input.purpose, articleId, input.uploaderId],
        );
        if (inserted.length && articleId && sectionId && this.events) {
          await this.events.record(tx, 'article.attachment_added', {
            articleId, sectionId, actorId: input.uploaderId, fileId: inserted[0].id, sha256, contentType, size: spooled.source.size,
          });
        }
        const [file]: FileRow[] = await tx.query(
          `select ${FILE_COLUMNS} from files f join file_blobs b on b.sha256 = f.sha256
           where f.sha256 = $1 and f.name = $2 and f.purpose = $3 and f.article_id is not distinct from $4`,
          [sha256, name, input.purpose, articleId],
        );
        return file;
      });
      return toStored(row);
    } finally {
      await spooled.cleanup();
    }
  }

  private async readBytes(bytes: Uint8Array) {
    if (bytes.byteLength > this.maxBytes) throw new FileTooLargeError(this.maxBytes);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    return { sha256, head: bytes.subarray(0, SNIFF_BYTES), source: memorySource(bytes), cleanup: async () => {} };
  }

  /** Reads the stream into a temp file, hashing as it goes; past maxBytes: FileTooLargeError, nothing kept. */
  private async spool(stream: Readable | AsyncIterable<Uint8Array>): Promise<{ sha256: string; head: Buffer; source: BlobSource; cleanup(): Promise<void> }> {
    const file = path.join(os.tmpdir(), `atrium-upload-${randomBytes(12).toString('hex')}`);
    const cleanup = () => fs.promises.rm(file, { force: true });
    const hash = createHash('sha256');
    const heads: Buffer[] = [];
    let headBytes = 0;
    let size = 0;
    const out = await fs.promises.open(file, 'wx', 0o600);
    try {
      // a Readable (an HTTP request) stays open when we stop early: the caller answers and drains it
      const pieces = typeof (stream as Readable).iterator === 'function' ? (stream as Readable).iterator({ destroyOnReturn: false }) : stream;
      for await (const piece of pieces as AsyncIterable<Uint8Array>) {
        size += piece.byteLength;
        if (size > this.maxBytes) throw new FileTooLargeError(this.maxBytes);
        const buf = Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
        hash.update(buf);
        if (headBytes < SNIFF_BYTES) {
          const part = Buffer.from(buf.subarray(0, SNIFF_BYTES - headBytes));
          heads.push(part);
          headBytes += part.length;
        }
        await out.write(buf);
      }
    } catch (err) {
      await out.close();
      await cleanup();
      throw err;
    }
    await out.close();
    if (size === 0) {
      await cleanup();
      throw new BadUserInputError('The file is empty.', { reason: 'FILE_EMPTY' });
    }
    return { sha256: hash.digest('hex'), head: Buffer.concat(heads), source: fileSource(file, size), cleanup };
  }

  /** The blob behind `/files/<sha256>/<name>`, or null when no file has that hash and name (forged URLs). */
  async served(sha256: string, name: string): Promise<ServedBlob | null> {
    if (!SHA256.test(sha256) || !SAFE_NAME.test(name)) return null;
    const [row]: ServedBlob[] = await this.db.query(
      `select b.sha256, b.size::float8 as size, b.content_type as "contentType", b.store
       from file_blobs b where b.sha256 = $1 and exists (select 1 from files f where f.sha256 = b.sha256 and f.name = $2)`,
      [sha256, name],
    );
    return row ? { ...row, size: Number(row.size) } : null;
  }

  private async blob(sha256: string): Promise<ServedBlob | null> {
    const [row]: ServedBlob[] = await this.db.query(
      `select sha256, size::float8 as size, content_type as "contentType", store from file_blobs where sha256 = $1`,
      [sha256],
    );
    return row ?? null;
  }

  /** The bytes of a blob (a range of them), from the store that holds them. */
  read(blob: ServedBlob, range: ByteRange = { start: 0, end: blob.size - 1 }): AsyncIterable<Buffer> {
    if (blob.store === 's3') {
      if (!this.s3) throw new Error(`file ${blob.sha256} is in S3 but FILE_STORE is not s3`);
      return this.s3.read(blob.sha256, range);
    }
    return this.pg.read(blob.sha256, range);
  }

  /** Attachments of articles (by uuid), oldest first: for Article.attachments' loader. */
  async attachmentsOf(articleIds: readonly string[]): Promise<StoredFile[][]> {
    const rows: FileRow[] = await this.db.query(
      `select ${FILE_COLUMNS} from files f join file_blobs b on b.sha256 = f.sha256
       where f.article_id = any($1::uuid[]) and f.purpose = 'ARTICLE_ATTACHMENT' order by f.created_at, f.id`,
      [articleIds],
    );
    const by = new Map<string, StoredFile[]>(articleIds.map((id) => [id, []]));
    for (const row of rows) by.get(row.articleId!)?.push(toStored(row));
    return articleIds.map((id) => by.get(id) ?? []);
  }

  /** One file by id (uuid), or null. */
  async byId(id: string): Promise<StoredFile | null> {
    const [row]: FileRow[] = await this.db.query(
      `select ${FILE_COLUMNS} from files f join file_blobs b on b.sha256 = f.sha256 where f.id = $1`,
      [id],
    );
    return row ? toStored(row) : null;
  }

  /**
   * Takes an attachment off its article (the caller checked the viewer may edit the article),
   * recording article.attachment_removed. The blob stays: other files may share it.
   */
  async removeAttachment(id: string, actorId: string | null): Promise<{ articleId: string }> {
    return inTransaction(this.db, async (tx) => {
      const [row] = await returningRows<{ sha256: string; articleId: string; sectionId: string }>(
        tx,
        `delete from files f using articles a where f.id = $1 and f.purpose = 'ARTICLE_ATTACHMENT' and a.id = f.article_id
         returning f.sha256, f.article_id as "articleId", a.section_id as "sectionId"`,
        [id],
      );
      if (!row) throw new NotFoundError('attachment');
      await this.events?.record(tx, 'article.attachment_removed', { articleId: row.articleId, sectionId: row.sectionId, actorId, fileId: id, sha256: row.sha256 });
      return { articleId: row.articleId };
    });
  }
}

/** The client's name, kept for display: controls (NUL included) and path parts removed, 255 characters at most. */
function cleanOriginalName(name: string): string {
  const last = String(name ?? '').split(/[/\\]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  return last.replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, '').trim().slice(0, 255) || 'file';
}
