import { selectColumns } from '../../db/columns.js';
import type { Db } from '../../db/data-source.js';
import { ModerationActionEntity } from './moderation.entity.js';

/** A log entry as the log and `node()` read it: the row plus the member it concerns. */
export type ModerationActionRow = ModerationActionEntity & { targetUserId: string | null };

/**
 * The member an action concerns: the target user, the author of the target comment, or the
 * author of the flagged comment (comments keep their author_id when deleted). The `userId`
 * filter and `ModerationAction.targetUser` read the same expression, so they never disagree.
 */
export const TARGET_USER_SQL = `coalesce(case when m.target_type = 'User' then m.target_id end, tc.author_id, fc.author_id)`;

/** `select … from moderation_actions m …` (no where): one statement for a page, the users come from the loader. */
export function moderationActionSelect(db: Db): string {
  return `select ${selectColumns(db, ModerationActionEntity, 'm')}, ${TARGET_USER_SQL} as "targetUserId"
    from moderation_actions m
    left join comments tc on m.target_type = 'Comment' and tc.id = m.target_id
    left join flags tf on m.target_type = 'Flag' and tf.id = m.target_id
    left join comments fc on fc.id = tf.comment_id`;
}
