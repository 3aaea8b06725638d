import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhooks (#21): endpoints admins register, one delivery row per (endpoint, event) and one
 * row per attempt (the delivery log). `webhook_deliveries` is unique on (endpoint_id,
 * event_id): an event is delivered to an endpoint once, whoever creates the row.
 */
export class Webhooks1764410000000 implements MigrationInterface {
  name = 'Webhooks1764410000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table webhook_endpoints (
        id uuid primary key default gen_random_uuid(),
        url text not null,
        description text not null default '',
        events text[] not null,
        section_id uuid,
        secret text not null,
        previous_secret text,
        previous_secret_expires_at timestamptz,
        active boolean not null default true,
        disabled_reason text,
        disabled_at timestamptz,
        consecutive_failures int not null default 0,
        failing_since timestamptz,
        circuit_open_until timestamptz,
        created_by uuid references users(id) on delete set null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`);
    await q.query(`
      create table webhook_deliveries (
        id uuid primary key default gen_random_uuid(),
        endpoint_id uuid not null references webhook_endpoints(id) on delete cascade,
        event_id text not null,
        event_type text not null,
        body text not null,
        status text not null default 'PENDING',
        attempts int not null default 0,
        next_attempt_at timestamptz not null default now(),
        last_attempt_at timestamptz,
        last_status int,
        last_error text,
        delivered_at timestamptz,
        event_committed_at timestamptz,
        created_at timestamptz not null default now(),
        constraint webhook_deliveries_once unique (endpoint_id, event_id),
        constraint webhook_deliveries_status check (status in ('PENDING', 'SUCCEEDED', 'FAILED'))
      )`);
    await q.query(`create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where status = 'PENDING'`);
    await q.query(`create index webhook_deliveries_endpoint on webhook_deliveries (endpoint_id, created_at desc, id desc)`);
    await q.query(`
      create table webhook_delivery_attempts (
        id uuid primary key default gen_random_uuid(),
        delivery_id uuid not null references webhook_deliveries(id) on delete cascade,
        attempt int not null,
        request_headers jsonb not null,
        response_status int,
        response_snippet text,
        error text,
        duration_ms int not null,
        created_at timestamptz not null default now()
      )`);
    await q.query(`create index webhook_delivery_attempts_delivery on webhook_delivery_attempts (delivery_id, attempt)`);
    // admins are told in-app when an endpoint is disabled for failing (detail: the endpoint's id)
    await q.query(`alter table notifications drop constraint notifications_kind_check`);
    await q.query(`alter table notifications add constraint notifications_kind_check
      check (kind in ('REPLY', 'NEW_COMMENT', 'OFFICIAL_ANSWER', 'MODERATION', 'WEBHOOK_DISABLED'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`delete from notifications where kind = 'WEBHOOK_DISABLED'`);
    await q.query(`alter table notifications drop constraint notifications_kind_check`);
    await q.query(`alter table notifications add constraint notifications_kind_check check (kind in ('REPLY', 'NEW_COMMENT', 'OFFICIAL_ANSWER', 'MODERATION'))`);
    await q.query('drop table webhook_delivery_attempts');
    await q.query('drop table webhook_deliveries');
    await q.query('drop table webhook_endpoints');
  }
}
