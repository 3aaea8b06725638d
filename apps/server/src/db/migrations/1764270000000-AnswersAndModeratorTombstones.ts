import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #18, answers and threads:
 * - accepted answers: a question (top-level comment) names at most one accepted answer
 *   (`accepted_answer_id`); the answer row keeps who marked it and when;
 * - who removed a DELETED comment (`removed_by`: its author or a moderator), backfilled from the
 *   moderation log;
 * - a HIDDEN comment with replies everyone sees becomes a tombstone like a deleted one (`tombstone`),
 *   so those replies stay visible under "Removed by a moderator"; it now counts in its parent's
 *   `reply_count` (what everyone sees) and the counters are recomputed;
 * - automatic moderation actions (the hide at the flag threshold) have no moderator: `automatic`.
 */
export class AnswersAndModeratorTombstones1764270000000 implements MigrationInterface {
  name = 'AnswersAndModeratorTombstones1764270000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      alter table comments
        add column accepted_answer_id uuid references comments (id) on delete set null,
        add column accepted_by uuid references users (id),
        add column accepted_at timestamptz,
        add column removed_by text check (removed_by in ('AUTHOR', 'MODERATOR')),
        add constraint comments_accepted_pair check ((accepted_by is null) = (accepted_at is null))`);
    await q.query(`
      update comments c set removed_by = case when exists (
          select 1 from moderation_actions m where m.target_id = c.id and m.action = 'DELETE_COMMENT') then 'MODERATOR' else 'AUTHOR' end
      where c.status = 'DELETED'`);
    // hidden comments with replies everyone sees, bottom-up (a hidden reply that keeps a visible reply counts too)
    for (;;) {
      const [{ n }] = (await q.query(`
        with u as (
          update comments c set tombstone = true where c.status = 'HIDDEN' and not c.tombstone and exists (
            select 1 from comments r where r.parent_id = c.id and (r.status = 'PUBLISHED' or (r.status in ('DELETED', 'HIDDEN') and r.tombstone)))
          returning 1)
        select count(*)::int as n from u`)) as Array<{ n: number }>;
      if (!n) break;
    }
    await q.query(`
      update comments c set reply_count = coalesce(t.pub, 0) from (
        select p.id, count(r.id) filter (where r.status = 'PUBLISHED' or (r.status in ('DELETED', 'HIDDEN') and r.tombstone))::int as pub
        from comments p left join comments r on r.parent_id = p.id group by p.id
      ) t where t.id = c.id and c.reply_count <> coalesce(t.pub, 0)`);
    await q.query(`
      update articles a set top_comment_count = coalesce((
        select count(*) from comments t where t.article_id = a.id and t.parent_id is null
          and (t.status = 'PUBLISHED' or (t.status in ('DELETED', 'HIDDEN') and t.tombstone))), 0)`);
    await q.query(`
      alter table moderation_actions
        alter column moderator_id drop not null,
        add column automatic boolean not null default false,
        add constraint moderation_actions_actor check (automatic or moderator_id is not null)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`delete from moderation_actions where moderator_id is null`);
    await q.query(`alter table moderation_actions drop constraint moderation_actions_actor, drop column automatic, alter column moderator_id set not null`);
    await q.query(`update comments set tombstone = false where status = 'HIDDEN'`);
    await q.query(`alter table comments drop constraint comments_accepted_pair, drop column accepted_answer_id, drop column accepted_by, drop column accepted_at, drop column removed_by`);
  }
}
