import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Files (#19). Bytes are content-addressed: one `file_blobs` row per distinct sha256 (its
 * size, the type sniffed from the bytes, and where the bytes live: `pg` = `file_chunks`,
 * 256 KiB bytea rows, or `s3` = an object named by the hash). `files` are the uploads that
 * point at a blob: a safe name (part of the URL), who uploaded it, for what, and for an
 * article attachment its article. The same bytes uploaded twice are stored once; the same
 * bytes under the same name for the same purpose and article are the same file (idempotent).
 * Only FileService writes these tables.
 */
export class Files1764460000000 implements MigrationInterface {
  name = 'Files1764460000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table file_blobs (
        sha256 text primary key check (sha256 ~ '^[0-9a-f]{64}$'),
        size bigint not null check (size >= 0),
        content_type text not null,
        store text not null check (store in ('pg', 's3')),
        created_at timestamptz not null default now()
      )`);
    await q.query(`
      create table file_chunks (
        sha256 text not null references file_blobs (sha256) on delete cascade,
        seq int not null check (seq >= 0),
        data bytea not null,
        primary key (sha256, seq)
      )`);
    await q.query(`
      create table files (
        id uuid primary key default gen_random_uuid(),
        sha256 text not null references file_blobs (sha256),
        name text not null check (name ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,119}$'),
        original_name text not null,
        purpose text not null check (purpose in ('ARTICLE_BODY', 'ARTICLE_ATTACHMENT')),
        article_id uuid references articles (id) on delete cascade,
        uploader_id uuid references users (id) on delete set null,
        created_at timestamptz not null default now(),
        check ((purpose = 'ARTICLE_ATTACHMENT') = (article_id is not null))
      )`);
    await q.query(`
      create unique index files_same_upload on files
        (sha256, name, purpose, coalesce(article_id, '00000000-0000-0000-0000-000000000000'::uuid))`);
    await q.query(`create index files_article on files (article_id, created_at, id) where article_id is not null`);
    await q.query(`create index files_sha_name on files (sha256, name)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table files`);
    await q.query(`drop table file_chunks`);
    await q.query(`drop table file_blobs`);
  }
}
