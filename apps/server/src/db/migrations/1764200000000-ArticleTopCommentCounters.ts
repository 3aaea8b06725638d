import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Top-level comment counters on the article, kept like `comments.reply_count(_all)`: what
 * anonymous readers see (published, and deleted ones kept as tombstones) and what staff see
 * (all but deleted ones without replies). `Article.comments.totalCount` is answered from
 * them instead of counting the article's top-level comments on every page view.
 */
export class ArticleTopCommentCounters1764200000000 implements MigrationInterface {
  name = 'ArticleTopCommentCounters1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      alter table articles
        add column top_comment_count int not null default 0 check (top_comment_count >= 0),
        add column top_comment_count_all int not null default 0 check (top_comment_count_all >= 0)`);
    await q.query(`
      update articles a set top_comment_count = t.pub, top_comment_count_all = t.all_ from (
        select article_id,
          count(*) filter (where status = 'PUBLISHED' or (status = 'DELETED' and tombstone))::int as pub,
          count(*) filter (where status <> 'DELETED' or tombstone)::int as all_
        from comments where parent_id is null group by article_id
      ) t where t.article_id = a.id`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter table articles drop column top_comment_count, drop column top_comment_count_all`);
  }
}
