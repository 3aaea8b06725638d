import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The durable mail outbox (#20). Writers insert a row in their own transaction
 * (MailService.enqueue), so a mail exists iff the change committed; `dedupe_key` makes a
 * second row for the same event a no-op. The mail worker claims QUEUED rows whose
 * `next_attempt_at` has come with `for update skip locked` and marks them SENT, or
 * QUEUED again later (backoff), or FAILED. Without SMTP_URL rows are KEPT (never sent,
 * shown to admins). `mail_suppressions` holds addresses that failed permanently.
 */
export class Mails1764310000000 implements MigrationInterface {
  name = 'Mails1764310000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table mails (
        id uuid primary key default gen_random_uuid(),
        kind text not null,
        "to" text not null,
        subject text not null,
        text text not null,
        html text not null,
        headers jsonb not null default '{}'::jsonb,
        user_id uuid references users (id) on delete set null,
        dedupe_key text not null,
        status text not null default 'QUEUED' check (status in ('QUEUED', 'SENT', 'KEPT', 'FAILED')),
        attempts int not null default 0,
        next_attempt_at timestamptz not null default now(),
        last_error text,
        created_at timestamptz not null default now(),
        sent_at timestamptz,
        constraint mails_dedupe_key unique (dedupe_key)
      )`);
    await q.query(`create index mails_due on mails (next_attempt_at) where status = 'QUEUED'`);
    await q.query(`create index mails_created on mails (created_at desc, id desc)`);
    await q.query(`create index mails_status_created on mails (status, created_at desc, id desc)`);
    await q.query(`create index mails_to on mails (lower("to"), created_at desc)`);
    await q.query(`create index mails_user on mails (user_id) where user_id is not null`);
    await q.query(`
      create table mail_suppressions (
        address text primary key,
        reason text not null,
        mail_id uuid references mails (id) on delete set null,
        created_at timestamptz not null default now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table mail_suppressions`);
    await q.query(`drop table mails`);
  }
}
