import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Moving from Zendesk (#19): which Atrium row each Zendesk item became. One row per
 * imported user, category, section, article and comment, written in the same transaction
 * as the row it names; `source_updated_at` is Zendesk's `updated_at` at the last import, so
 * a second run skips what has not changed and a run killed halfway picks up where the
 * committed rows end. Old links (`/hc/<locale>/articles/<id>`) are answered from it.
 * Votes need no row: (item, user) is their key on both sides.
 */
export class ZendeskImport1764450000000 implements MigrationInterface {
  name = 'ZendeskImport1764450000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table zendesk_ids (
        kind text not null check (kind in ('user', 'category', 'section', 'article', 'comment')),
        zendesk_id bigint not null,
        atrium_id uuid not null,
        source_updated_at timestamptz,
        imported_at timestamptz not null default now(),
        primary key (kind, zendesk_id)
      )`);
    await q.query(`create index zendesk_ids_atrium_idx on zendesk_ids (kind, atrium_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table zendesk_ids`);
  }
}
