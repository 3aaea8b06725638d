import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Full-text search on articles: a weighted tsvector (title A, labels B, body C) kept by
 * Postgres itself as a generated column, a GIN index on it, and a trigram index on titles
 * for the typo-tolerant fallback.
 *
 * array_to_string() is only STABLE, so Postgres refuses it in a generated column; the
 * wrapper below is declared IMMUTABLE, which is true for text[] (no locale or setting is
 * involved). Runs the same on PostgreSQL 15+ and PGlite (which ships pg_trgm).
 */
export class ArticleSearch1764150000000 implements MigrationInterface {
  name = 'ArticleSearch1764150000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`create extension if not exists pg_trgm`);
    await q.query(`
      create function articles_search_vector(title text, labels text[], body text) returns tsvector
      language sql immutable parallel safe
      as $$
        select setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A')
            || setweight(to_tsvector('english'::regconfig, coalesce(array_to_string(labels, ' '), '')), 'B')
            || setweight(to_tsvector('english'::regconfig, coalesce(body, '')), 'C')
      $$
    `);
    await q.query(`
      alter table articles
        add column search_vector tsvector not null
        generated always as (articles_search_vector(title, labels, body)) stored
    `);
    await q.query(`create index articles_search_vector_idx on articles using gin (search_vector)`);
    await q.query(`create index articles_title_trgm_idx on articles using gin (title gin_trgm_ops)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop index if exists articles_title_trgm_idx`);
    await q.query(`drop index if exists articles_search_vector_idx`);
    await q.query(`alter table articles drop column if exists search_vector`);
    await q.query(`drop function if exists articles_search_vector(text, text[], text)`);
    // pg_trgm stays: other features may use it, and dropping an extension needs more rights than creating it.
  }
}
