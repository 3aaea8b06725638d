import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * restoreArticleRevision never rewrites history: it saves a new revision with an earlier
 * one's title and body, and `restored_from_id` says which one (null for ordinary saves, and
 * if that revision were ever deleted).
 */
export class ArticleRevisionRestoredFrom1764260000000 implements MigrationInterface {
  name = 'ArticleRevisionRestoredFrom1764260000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table article_revisions add column restored_from_id uuid references article_revisions (id) on delete set null`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter table article_revisions drop column restored_from_id`);
  }
}
