import { Ctx, Resolver, Root, Subscription } from 'type-graphql';
import { selectColumns } from '../../db/columns.js';
import type { Db } from '../../db/data-source.js';
import type { Context } from '../context.js';
import { UnauthenticatedError } from '../../graphql/errors.js';
import type { Loaders } from '../loaders.js';
import type { Viewer } from '../../lib/viewer.js';
import { KeyedFanout, type Channel, type PubSub } from '../../pubsub/index.js';
import { EventLoaders } from '../comment/comment.subscriptions.js';
import { NotificationEntity } from './notification.entity.js';
import { NOTIFICATIONS, type NotificationMessage } from './notification.events.js';
import { canSeeNotification } from './notification.policy.js';
import { Notification } from './notification.type.js';

interface NotificationValue {
  notification: NotificationEntity;
  loaders: Loaders;
}

interface NotificationSubscriber {
  viewer: Viewer;
  channel: Channel<NotificationValue>;
}

/** Subscribers keyed by user id: a notification costs one lookup and one read, whatever the number of sockets. */
async function deliver(db: Db, m: NotificationMessage, subscribers: NotificationSubscriber[]): Promise<void> {
  const [row]: NotificationEntity[] = await db.query(`select ${selectColumns(db, NotificationEntity, 'n')} from notifications n where n.id = $1`, [m.notificationId]);
  if (!row) return;
  const loaders = new EventLoaders(db);
  for (const s of subscribers) {
    if (!s.channel.closed && canSeeNotification(s.viewer, row)) s.channel.push({ notification: row, loaders: loaders.for(s.viewer) });
  }
}

const hubs = new WeakMap<PubSub, KeyedFanout<NotificationMessage, NotificationSubscriber>>();

function hubOf(ctx: Context) {
  const pubsub = ctx.services.pubsub;
  let hub = hubs.get(pubsub);
  if (!hub) {
    const db = ctx.db;
    hub = new KeyedFanout<NotificationMessage, NotificationSubscriber>(pubsub, NOTIFICATIONS, (m) => m.recipientId, (m, subs) => deliver(db, m, subs));
    hubs.set(pubsub, hub);
  }
  return hub;
}

@Resolver(() => Notification)
export class NotificationSubscriptionResolver {
  @Subscription(() => Notification, {
    description:
      'Your new notifications as they are created (signed in only). Comment and article inside resolve with your visibility when sent.',
    subscribe: ({ context }) => {
      const ctx = context as Context;
      if (!ctx.viewer) throw new UnauthenticatedError('Sign in to subscribe to your notifications.');
      let remove = () => {};
      const channel = ctx.services.pubsub.channel<NotificationValue>(() => remove());
      remove = hubOf(ctx).add(ctx.viewer.id, { viewer: ctx.viewer, channel });
      return channel;
    },
  })
  notifications(@Root() event: NotificationValue, @Ctx() ctx: Context): NotificationEntity {
    // the subscription's context lives as long as it does: each event brings fresh loaders
    ctx.loaders = event.loaders;
    return event.notification;
  }
}
