import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Top-level comments in TOP order (score, then newest) read their first page from an index,
 * like BEST and NEW/OLD already do, instead of sorting every top-level comment of the article.
 */
export class CommentTopScoreIndex1764190000000 implements MigrationInterface {
  name = 'CommentTopScoreIndex1764190000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`create index comments_top_score_idx on comments (article_id, score desc, created_at desc, id desc) where parent_id is null`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop index comments_top_score_idx`);
  }
}
