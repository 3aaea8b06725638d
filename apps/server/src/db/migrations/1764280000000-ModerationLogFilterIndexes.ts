import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The moderation log filtered by moderator or by kind of action reads newest first from an index. */
export class ModerationLogFilterIndexes1764280000000 implements MigrationInterface {
  name = 'ModerationLogFilterIndexes1764280000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create index moderation_actions_moderator_idx on moderation_actions (moderator_id, created_at desc, id desc);
      create index moderation_actions_action_idx on moderation_actions (action, created_at desc, id desc);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop index moderation_actions_moderator_idx; drop index moderation_actions_action_idx;`);
  }
}
