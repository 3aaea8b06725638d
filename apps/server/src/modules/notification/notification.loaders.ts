import type { Db } from '../../db/data-source.js';
import { selectColumns } from '../../db/columns.js';
import { createLoader, indexBy, type LoaderOptions } from '../../graphql/loaders.js';
import type { Viewer } from '../../lib/viewer.js';
import { NotificationEntity } from './notification.entity.js';

export function createNotificationLoaders(db: Db, viewer: Viewer | null, opts: LoaderOptions) {
  return {
    /** Whether the viewer follows each article: one statement for a whole page of articles. */
    viewerIsFollowing: createLoader<string, boolean>(
      async (articleIds) => {
        if (!viewer) return new Map();
        const rows: Array<{ articleId: string }> = await db.query(
          'select article_id as "articleId" from follows where user_id = $1 and article_id = any($2::uuid[])',
          [viewer.id, articleIds],
        );
        return new Map(rows.map((r) => [r.articleId, true]));
      },
      opts,
      false,
    ),

    /** Unread notifications per recipient (callers ask only for the viewer's own). */
    unreadCount: createLoader<string, number>(
      async (userIds) => {
        const rows: Array<{ recipientId: string; n: number }> = await db.query(
          `select recipient_id as "recipientId", count(*)::int as n from notifications
           where recipient_id = any($1::uuid[]) and read_at is null group by recipient_id`,
          [userIds],
        );
        return new Map(rows.map((r) => [r.recipientId, r.n]));
      },
      opts,
      0,
    ),

    /** Raw rows; callers apply the notification policy. */
    byId: createLoader<string, NotificationEntity>(async (ids) => {
      const rows: NotificationEntity[] = await db.query(
        `select ${selectColumns(db, NotificationEntity, 'n')} from notifications n where n.id = any($1::uuid[])`,
        [ids],
      );
      return indexBy(rows, (r) => r.id);
    }, opts),
  };
}
