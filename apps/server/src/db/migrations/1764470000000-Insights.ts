import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Article health (#22): views per article and day (one per reader: `article_view_readers`
 * holds a hashed reader key per day and is the claim that makes two instances count a reader
 * once), the history of every article vote change, searches per normalized query and day,
 * each article's owner and review interval (`article_reviews`), the attention queue's
 * assignments and snoozes, and the weekly owner summaries already sent.
 */
export class Insights1764470000000 implements MigrationInterface {
  name = 'Insights1764470000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table article_view_readers (
        day date not null,
        article_id uuid not null,
        reader text not null,
        primary key (day, article_id, reader)
      )`);
    await q.query(`
      create table article_views_daily (
        article_id uuid not null references articles (id) on delete cascade,
        day date not null,
        views int not null,
        primary key (article_id, day)
      )`);
    await q.query(`create index article_views_daily_day_idx on article_views_daily (day, article_id) include (views)`);
    await q.query(`
      create table article_vote_changes (
        id bigint generated always as identity primary key,
        article_id uuid not null references articles (id) on delete cascade,
        user_id uuid not null references users (id) on delete cascade,
        at timestamptz not null,
        from_helpful boolean,
        to_helpful boolean,
        reason text
      )`);
    await q.query(`create index article_vote_changes_article_idx on article_vote_changes (article_id, at)`);
    await q.query(`create index article_vote_changes_at_idx on article_vote_changes (at) include (article_id, to_helpful, reason)`);
    await q.query(`
      create table search_queries_daily (
        query text not null,
        day date not null,
        searches int not null default 0,
        no_result_searches int not null default 0,
        opened int not null default 0,
        last_result_count int not null default 0,
        primary key (query, day)
      )`);
    await q.query(`create index search_queries_daily_day_idx on search_queries_daily (day)`);
    await q.query(`
      create table article_reviews (
        article_id uuid primary key references articles (id) on delete cascade,
        owner_id uuid references users (id) on delete set null,
        interval_days int check (interval_days between 1 and 3650),
        reviewed_at timestamptz,
        reviewed_by uuid references users (id) on delete set null
      )`);
    await q.query(`
      create table attention_states (
        item_key text primary key,
        assignee_id uuid references users (id) on delete set null,
        snoozed_until timestamptz,
        updated_by uuid references users (id) on delete set null,
        updated_at timestamptz not null
      )`);
    await q.query(`
      create table insights_summary_runs (
        week date not null,
        owner_id uuid not null references users (id) on delete cascade,
        items int not null,
        sent_at timestamptz not null default now(),
        primary key (week, owner_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['insights_summary_runs', 'attention_states', 'article_reviews', 'search_queries_daily', 'article_vote_changes', 'article_views_daily', 'article_view_readers']) {
      await q.query(`drop table ${t}`);
    }
  }
}
