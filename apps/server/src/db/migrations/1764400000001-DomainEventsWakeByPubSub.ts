import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Domain events no longer NOTIFY at commit (#21): a transaction that has sent NOTIFY takes one
 * server-wide lock while it commits, so every comment write would have queued behind every other
 * one. Consumers on other instances are woken through the app's pubsub (Redis with REDIS_URL)
 * instead, and poll meanwhile (events/event-log.ts).
 */
export class DomainEventsWakeByPubSub1764400000001 implements MigrationInterface {
  name = 'DomainEventsWakeByPubSub1764400000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query('drop trigger if exists domain_events_notify on domain_events');
    await q.query('drop function if exists domain_events_notify()');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      create function domain_events_notify() returns trigger language plpgsql as $$
      begin
        perform pg_notify('atrium_domain_events', '');
        return null;
      end $$`);
    await q.query(`create trigger domain_events_notify after insert on domain_events for each statement execute function domain_events_notify()`);
  }
}
