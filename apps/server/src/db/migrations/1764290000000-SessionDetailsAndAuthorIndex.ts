import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * People (#18): a session remembers the browser (user agent) and IP address it was started
 * from and when it was last used, so its owner can recognise and end it on the account page;
 * a profile lists its author's recent published comments from an index.
 */
export class SessionDetailsAndAuthorIndex1764290000000 implements MigrationInterface {
  name = 'SessionDetailsAndAuthorIndex1764290000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      alter table sessions
        add column user_agent text,
        add column ip text,
        add column last_used_at timestamptz not null default now()`);
    await q.query(`update sessions set last_used_at = created_at`);
    await q.query(`create index sessions_user_active_idx on sessions (user_id, last_used_at desc, id desc) where revoked_at is null`);
    await q.query(`create index comments_author_published_idx on comments (author_id, created_at desc, id desc) where status = 'PUBLISHED'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop index comments_author_published_idx`);
    await q.query(`drop index sessions_user_active_idx`);
    await q.query(`alter table sessions drop column user_agent, drop column ip, drop column last_used_at`);
  }
}
