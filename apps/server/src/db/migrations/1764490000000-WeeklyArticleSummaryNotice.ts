import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Article health (#22): an owner's weekly summary is also an in-app notification
 * (kind WEEKLY_ARTICLE_SUMMARY, detail = the ISO week's Monday, one per owner and week by its
 * dedupe key). The check keeps every earlier kind (WEBHOOK_DISABLED came with 1764410000000).
 */
export class WeeklyArticleSummaryNotice1764490000000 implements MigrationInterface {
  name = 'WeeklyArticleSummaryNotice1764490000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table notifications drop constraint notifications_kind_check`);
    await q.query(`alter table notifications add constraint notifications_kind_check
      check (kind in ('REPLY', 'NEW_COMMENT', 'OFFICIAL_ANSWER', 'MODERATION', 'WEBHOOK_DISABLED', 'WEEKLY_ARTICLE_SUMMARY'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`delete from notifications where kind = 'WEEKLY_ARTICLE_SUMMARY'`);
    await q.query(`alter table notifications drop constraint notifications_kind_check`);
    await q.query(`alter table notifications add constraint notifications_kind_check
      check (kind in ('REPLY', 'NEW_COMMENT', 'OFFICIAL_ANSWER', 'MODERATION', 'WEBHOOK_DISABLED'))`);
  }
}
