import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Threaded comments with a materialized path, votes with exact counters, edit history,
 * and a short-lived log of vote changes that lets score-ordered cursors replay the order
 * a reader saw on their first page.
 */
export class Comments1764160000000 implements MigrationInterface {
  name = 'Comments1764160000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      -- lower bound of the Wilson score interval (95%) of up/down votes
      create function wilson_lower_bound(up int, down int) returns double precision
        language sql immutable parallel safe as $$
          select case when up + down = 0 then 0::float8 else
            ((up::float8 / (up + down)) + 1.920800 / (up + down)
              - 1.96 * sqrt(((up::float8 / (up + down)) * (1 - up::float8 / (up + down)) + 0.960400 / (up + down)) / (up + down)))
            / (1 + 3.841600 / (up + down)) end
        $$;

      alter table articles
        add column comment_count int not null default 0 check (comment_count >= 0),
        add column comment_count_all int not null default 0 check (comment_count_all >= 0);

      create table comments (
        id uuid primary key default gen_random_uuid(),
        article_id uuid not null references articles (id),
        parent_id uuid references comments (id),
        path uuid[] not null,
        depth int not null check (depth >= 0),
        author_id uuid not null references users (id),
        body text not null,
        body_html text not null,
        status text not null default 'PUBLISHED' check (status in ('PUBLISHED', 'PENDING', 'HIDDEN', 'DELETED')),
        tombstone boolean not null default false,
        hide_reason text check (hide_reason in ('SPAM', 'ABUSE', 'OFF_TOPIC', 'OUTDATED', 'DUPLICATE', 'RESOLVED')),
        is_official boolean not null default false,
        upvotes int not null default 0 check (upvotes >= 0),
        downvotes int not null default 0 check (downvotes >= 0),
        score int generated always as (upvotes - downvotes) stored,
        best double precision generated always as (wilson_lower_bound(upvotes, downvotes)) stored,
        reply_count int not null default 0 check (reply_count >= 0),
        reply_count_all int not null default 0 check (reply_count_all >= 0),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        edited_at timestamptz,
        deleted_at timestamptz
      );
      create index comments_top_best_idx on comments (article_id, best desc, created_at desc, id desc) where parent_id is null;
      create index comments_top_new_idx on comments (article_id, created_at, id) where parent_id is null;
      create index comments_parent_idx on comments (parent_id, created_at, id);
      create index comments_path_idx on comments using gin (path);
      create index comments_author_idx on comments (author_id, status);

      create table comment_votes (
        id uuid primary key default gen_random_uuid(),
        comment_id uuid not null references comments (id),
        user_id uuid not null references users (id),
        value smallint not null check (value in (1, -1)),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      );
      create unique index comment_votes_comment_user_key on comment_votes (comment_id, user_id);
      create index comment_votes_user_idx on comment_votes (user_id, comment_id);

      create table comment_vote_events (
        id bigint generated always as identity primary key,
        article_id uuid not null,
        comment_id uuid not null,
        d_up int not null,
        d_down int not null,
        created_at timestamptz not null default clock_timestamp()
      );
      create index comment_vote_events_article_idx on comment_vote_events (article_id, created_at);
      create index comment_vote_events_created_idx on comment_vote_events (created_at);

      create table comment_revisions (
        id uuid primary key default gen_random_uuid(),
        comment_id uuid not null references comments (id),
        editor_id uuid not null references users (id),
        body text not null,
        created_at timestamptz not null default now()
      );
      create index comment_revisions_comment_idx on comment_revisions (comment_id, created_at desc, id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      drop table comment_revisions; drop table comment_vote_events; drop table comment_votes; drop table comments;
      alter table articles drop column comment_count, drop column comment_count_all;
      drop function wilson_lower_bound(int, int);
    `);
  }
}
