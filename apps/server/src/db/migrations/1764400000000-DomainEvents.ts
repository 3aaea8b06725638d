import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The domain event log (#21): one row per change that matters, written in the change's own
 * transaction (events/event-log.ts). `tx` is the writing transaction's id: readers take only
 * rows whose transaction is older than every transaction still running
 * (`tx < pg_snapshot_xmin(pg_current_snapshot())`) and walk them by (tx, id), so an event
 * that commits late is never skipped by a cursor that went past it. A statement trigger
 * sends one NOTIFY per writing transaction (delivered at commit) to wake consumers on other
 * instances. `event_consumers` holds each durable consumer's cursor.
 */
export class DomainEvents1764400000000 implements MigrationInterface {
  name = 'DomainEvents1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table domain_events (
        id bigserial primary key,
        tx xid8 not null default pg_current_xact_id(),
        type text not null,
        payload jsonb not null,
        section_id uuid,
        article_id uuid,
        actor_id uuid,
        occurred_at timestamptz not null default now()
      )`);
    await q.query(`create index domain_events_tx_id_idx on domain_events (tx, id)`);
    await q.query(`create index domain_events_article_idx on domain_events (article_id, id) where article_id is not null`);
    await q.query(`
      create function domain_events_notify() returns trigger language plpgsql as $$
      begin
        perform pg_notify('atrium_domain_events', '');
        return null;
      end $$`);
    await q.query(`create trigger domain_events_notify after insert on domain_events for each statement execute function domain_events_notify()`);
    await q.query(`
      create table event_consumers (
        name text primary key,
        cursor_tx xid8 not null default '0',
        cursor_id bigint not null default 0,
        updated_at timestamptz not null default now(),
        last_error text
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('drop table event_consumers');
    await q.query('drop trigger domain_events_notify on domain_events');
    await q.query('drop function domain_events_notify()');
    await q.query('drop table domain_events');
  }
}
