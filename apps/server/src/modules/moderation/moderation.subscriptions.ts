import { Ctx, Resolver, Root, Subscription } from 'type-graphql';
import type { Db } from '../../db/data-source.js';
import type { Context } from '../context.js';
import { requireRole, subscribeTopic } from '../../pubsub/index.js';
import { COMMENT_EVENTS, type CommentEventMessage } from '../comment/comment.events.js';
import { canModerate } from '../comment/comment.policy.js';
import type { QueueItemRow } from './moderation.resolver.js';
import { MODERATION_QUEUE, type ModerationQueueMessage } from './moderation.service.js';
import { ModerationQueueEvent } from './moderation.type.js';

interface QueueEventValue {
  kind: ModerationQueueMessage['kind'];
  item: QueueItemRow;
}

/** The queue item of one comment as it is now (open flags, pending). */
async function itemOf(db: Db, commentId: string): Promise<QueueItemRow> {
  const [row] = await db.query(
    `select c.id as "commentId", count(f.id)::int as "flagCount", array_remove(array_agg(distinct f.reason), null) as reasons,
       (c.status = 'PENDING') as pending, 'OPEN' as "flagStatus"
     from comments c left join flags f on f.comment_id = c.id and f.status = 'OPEN'
     where c.id = $1 group by c.id`,
    [commentId],
  );
  return row;
}

@Resolver(() => ModerationQueueEvent)
export class ModerationQueueSubscriptionResolver {
  @Subscription(() => ModerationQueueEvent, {
    description: 'MODERATOR+: a flag or a PENDING comment arrived, or a moderator resolved one.',
    subscribe: ({ context }) => {
      const ctx = context as Context;
      requireRole(ctx.viewer, 'MODERATOR');
      const viewer = ctx.viewer;
      const queue = subscribeTopic<ModerationQueueMessage, QueueEventValue>(ctx.services.pubsub, MODERATION_QUEUE, {
        filter: () => canModerate(viewer),
        map: async (m) => ({ kind: m.kind, item: await itemOf(ctx.db, m.commentId) }),
      });
      // a comment held for approval enters the queue through its own ADDED event
      const pending = subscribeTopic<CommentEventMessage, QueueEventValue>(ctx.services.pubsub, COMMENT_EVENTS, {
        filter: (m) => canModerate(viewer) && m.kind === 'ADDED' && m.after.status === 'PENDING' && m.before === null,
        map: async (m) => ({ kind: 'ADDED', item: await itemOf(ctx.db, m.commentId) }),
      });
      return merge(ctx.services.pubsub, queue, pending);
    },
  })
  moderationQueue(@Root() event: QueueEventValue, @Ctx() _ctx: Context) {
    return event;
  }
}

/** Both topics as one stream; closing it (the client unsubscribes) closes both at once. */
function merge<T>(pubsub: Context['services']['pubsub'], ...sources: AsyncIterableIterator<T>[]): AsyncIterableIterator<T> {
  const out = pubsub.channel<T>(() => {
    for (const s of sources) void s.return?.();
  });
  for (const source of sources) {
    void (async () => {
      for await (const value of { [Symbol.asyncIterator]: () => source }) out.push(value);
    })();
  }
  return out;
}
