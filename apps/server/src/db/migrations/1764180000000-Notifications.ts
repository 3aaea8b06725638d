import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Follows, in-app notifications and the durable outbox that feeds them.
 *
 * A comment write inserts an outbox row in its own transaction; a worker claims
 * unprocessed rows after commit, fans them out into notifications and marks them
 * processed in one transaction. The unique (recipient_id, dedupe_key) makes every
 * insert idempotent, so a replayed event never notifies anybody twice.
 */
export class Notifications1764180000000 implements MigrationInterface {
  name = 'Notifications1764180000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table follows (
        user_id uuid not null references users (id),
        article_id uuid not null references articles (id),
        created_at timestamptz not null default now(),
        primary key (user_id, article_id)
      );
      -- fan-out reads the followers of one article
      create index follows_article_idx on follows (article_id, user_id);

      create table notifications (
        id uuid primary key default gen_random_uuid(),
        recipient_id uuid not null references users (id),
        kind text not null check (kind in ('REPLY', 'NEW_COMMENT', 'OFFICIAL_ANSWER', 'MODERATION')),
        article_id uuid references articles (id),
        comment_id uuid references comments (id),
        actor_id uuid references users (id),
        -- what a MODERATION notification reports (APPROVED, REJECTED, HIDDEN, UNHIDDEN)
        detail text,
        -- one notification per recipient and event: c:<comment> for a comment becoming
        -- visible (approval after unhide does not notify again), e:<outbox id> otherwise
        dedupe_key text not null,
        outbox_id bigint,
        read_at timestamptz,
        created_at timestamptz not null default now()
      );
      create unique index notifications_recipient_dedupe_key on notifications (recipient_id, dedupe_key);
      create index notifications_recipient_idx on notifications (recipient_id, created_at desc, id desc);
      create index notifications_unread_idx on notifications (recipient_id, created_at desc, id desc) where read_at is null;

      create table notification_outbox (
        id bigint generated always as identity primary key,
        event jsonb not null,
        created_at timestamptz not null default now(),
        processed_at timestamptz,
        attempts int not null default 0,
        -- a failing event backs off until then; also keeps other workers away while one retries it
        locked_until timestamptz,
        last_error text
      );
      create index notification_outbox_pending_idx on notification_outbox (id) where processed_at is null;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table notification_outbox; drop table notifications; drop table follows;`);
  }
}
