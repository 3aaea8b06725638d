import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Flags from members and the audit log of every moderator action. */
export class Moderation1764170000000 implements MigrationInterface {
  name = 'Moderation1764170000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      alter table comments add column hidden_by_flags boolean not null default false;

      create table flags (
        id uuid primary key default gen_random_uuid(),
        comment_id uuid not null references comments (id),
        reporter_id uuid not null references users (id),
        reason text not null check (reason in ('SPAM', 'ABUSE', 'OFF_TOPIC', 'OTHER')),
        note text check (length(note) <= 1000),
        status text not null default 'OPEN' check (status in ('OPEN', 'ACCEPTED', 'DISMISSED')),
        created_at timestamptz not null default now(),
        resolved_by uuid references users (id),
        resolved_at timestamptz
      );
      create unique index flags_comment_reporter_key on flags (comment_id, reporter_id);
      create index flags_status_idx on flags (status, created_at desc);

      create table moderation_actions (
        id uuid primary key default gen_random_uuid(),
        moderator_id uuid not null references users (id),
        action text not null check (action in ('HIDE_COMMENT', 'UNHIDE_COMMENT', 'DELETE_COMMENT', 'APPROVE_COMMENT', 'REJECT_COMMENT',
          'LOCK_ARTICLE', 'UNLOCK_ARTICLE', 'ACCEPT_FLAG', 'DISMISS_FLAG', 'SUSPEND_USER', 'BAN_USER', 'REINSTATE_USER', 'SET_ROLE')),
        target_type text not null,
        target_id uuid not null,
        reason text,
        details jsonb not null default '{}',
        created_at timestamptz not null default now()
      );
      create index moderation_actions_created_idx on moderation_actions (created_at desc, id desc);
      create index moderation_actions_target_idx on moderation_actions (target_id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table moderation_actions; drop table flags; alter table comments drop column hidden_by_flags;`);
  }
}
