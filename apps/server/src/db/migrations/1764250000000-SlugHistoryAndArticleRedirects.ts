import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Old URLs keep working: a slug that changes (or belongs to a deleted category or section
 * whose contents moved elsewhere) is kept, per kind, pointing at the item that now answers
 * for it. A current slug always wins over history, so a slug given to a new item is that
 * item's. An archived article may name another article its readers are sent to.
 */
export class SlugHistoryAndArticleRedirects1764250000000 implements MigrationInterface {
  name = 'SlugHistoryAndArticleRedirects1764250000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table category_slug_history (
        slug text primary key,
        category_id uuid not null references categories (id) on delete cascade,
        created_at timestamptz not null default now()
      );
      create index category_slug_history_category_idx on category_slug_history (category_id);
      create table section_slug_history (
        slug text primary key,
        section_id uuid not null references sections (id) on delete cascade,
        created_at timestamptz not null default now()
      );
      create index section_slug_history_section_idx on section_slug_history (section_id);
      create table article_slug_history (
        slug text primary key,
        article_id uuid not null references articles (id) on delete cascade,
        created_at timestamptz not null default now()
      );
      create index article_slug_history_article_idx on article_slug_history (article_id);
      alter table articles
        add column redirect_to_id uuid references articles (id) on delete set null,
        add constraint articles_redirect_not_self check (redirect_to_id is null or redirect_to_id <> id),
        add constraint articles_redirect_only_archived check (redirect_to_id is null or status = 'ARCHIVED');
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      alter table articles drop constraint articles_redirect_only_archived, drop constraint articles_redirect_not_self, drop column redirect_to_id;
      drop table article_slug_history;
      drop table section_slug_history;
      drop table category_slug_history;
    `);
  }
}
