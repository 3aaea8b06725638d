import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notification email (#20): per-user preferences (a missing row means the defaults:
 * replies INSTANTLY, follows DAILY, moderation INSTANTLY), `notifications.mailed_at` (set
 * when a notification went out by mail, instantly or in a digest, so it is never mailed
 * twice), `digest_runs` (one row per built digest period: the primary key is the claim
 * that keeps two instances from building the same period) and `app_secrets` (the
 * unsubscribe-link key, generated once when APP_SECRET is not set so every instance shares it).
 */
export class NotificationEmail1764330000000 implements MigrationInterface {
  name = 'NotificationEmail1764330000000';

  async up(q: QueryRunner): Promise<void> {
    const frequency = (col: string) => `${col} text not null check (${col} in ('INSTANTLY', 'DAILY', 'WEEKLY', 'NEVER'))`;
    await q.query(`
      create table notification_preferences (
        user_id uuid primary key references users (id) on delete cascade,
        ${frequency('replies')},
        ${frequency('follows')},
        ${frequency('moderation')},
        updated_at timestamptz not null default now()
      )`);
    await q.query(`alter table notifications add column mailed_at timestamptz`);
    // the digest builder's scan: notifications of a period not yet mailed
    await q.query(`create index notifications_unmailed_idx on notifications (created_at, recipient_id) where mailed_at is null`);
    await q.query(`
      create table digest_runs (
        period_kind text not null check (period_kind in ('DAILY', 'WEEKLY')),
        period_start timestamptz not null,
        period_end timestamptz not null,
        mails int not null default 0,
        built_at timestamptz not null default now(),
        primary key (period_kind, period_start)
      )`);
    await q.query(`create table app_secrets (name text primary key, value text not null, created_at timestamptz not null default now())`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table app_secrets`);
    await q.query(`drop table digest_runs`);
    await q.query(`drop index notifications_unmailed_idx`);
    await q.query(`alter table notifications drop column mailed_at`);
    await q.query(`drop table notification_preferences`);
  }
}
