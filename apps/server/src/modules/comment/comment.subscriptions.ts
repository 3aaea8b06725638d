import { Arg, Ctx, Field, ID, ObjectType, registerEnumType, Resolver, Root, Subscription } from 'type-graphql';
import { selectColumns } from '../../db/columns.js';
import type { Db } from '../../db/data-source.js';
import type { Context } from '../context.js';
import { NotFoundError } from '../../graphql/errors.js';
import { decodeId } from '../../graphql/global-id.js';
import { createLoaders, Loaders } from '../loaders.js';
import type { Viewer } from '../../lib/viewer.js';
import { KeyedFanout, type Channel, type PubSub } from '../../pubsub/index.js';
import { canSeeArticle } from '../article/article.policy.js';
import { CommentEntity } from './comment.entity.js';
import { COMMENT_EVENTS, type CommentEventKind, type CommentEventMessage } from './comment.events.js';
import { canSeeComment, removedBy, showsContent } from './comment.policy.js';
import { loadVisibleComment } from './comment.resolver.js';
import { Comment } from './comment.type.js';

export enum CommentEventKindEnum {
  ADDED = 'ADDED',
  UPDATED = 'UPDATED',
  REMOVED = 'REMOVED',
  VOTED = 'VOTED',
}
registerEnumType(CommentEventKindEnum, {
  name: 'CommentEventKind',
  description: 'What happened to a comment, as seen by the subscriber.',
  valuesConfig: {
    ADDED: { description: 'A comment appeared for you: new, or approved/unhidden by a moderator.' },
    UPDATED: { description: 'Its text or status changed (an edit; for its author and staff, also a moderation change).' },
    REMOVED: {
      description:
        'It is gone for you: deleted, or hidden by a moderator. When it keeps replies you see, it stays as a placeholder (`removedBy`, no author or text): ' +
        'keep it in place; otherwise drop it. Body and author are empty unless you may still see them.',
    },
    VOTED: { description: 'Its votes changed.' },
  },
});

/** What a subscriber receives for one event: the comment as that subscriber may see it. */
export interface CommentEventValue {
  kind: CommentEventKindEnum;
  comment: CommentEntity;
  /** Loaders of this event (shared where the answer does not depend on the viewer). */
  loaders: Loaders;
}

@ObjectType('CommentEvent', { description: 'A live change to a comment of the article (or subtree) you subscribed to.' })
export class CommentEvent {
  @Field(() => CommentEventKindEnum, { description: 'What happened, as seen by you.' })
  kind!: CommentEventKindEnum;
  @Field(() => Comment, { description: 'The comment after the change. For REMOVED, a placeholder with empty body and no author unless you may still see it.' })
  comment!: object;
}

interface CommentSubscriber {
  viewer: Viewer | null;
  ancestorId: string | null;
  channel: Channel<CommentEventValue>;
}

/**
 * Loaders for one event. Anonymous subscribers share one set; signed-in subscribers get their
 * own (viewerVote, own hidden counts, ...) on top of the shared viewer-independent loaders, so
 * an author or article is read once per event, whatever the number of subscribers.
 */
export class EventLoaders {
  readonly shared: Loaders;
  private readonly perViewer = new Map<string, Loaders>();

  constructor(private readonly db: Db) {
    // fresh for each event, so caching within it cannot serve stale data
    this.shared = createLoaders(db, null, { cache: true });
  }

  for(viewer: Viewer | null): Loaders {
    if (!viewer) return this.shared;
    let l = this.perViewer.get(viewer.id);
    if (!l) {
      l = new Loaders(this.db, viewer, { cache: true }, this.shared);
      this.perViewer.set(viewer.id, l);
    }
    return l;
  }
}

/** How a comment that is gone reads for someone who may not see it: the id, no text, no author. */
function removedView(row: CommentEntity): CommentEntity {
  return { ...row, status: 'DELETED', tombstone: true, body: '', bodyHtml: '', hideReason: null, hiddenByFlags: false, removedBy: removedBy(row) ?? 'AUTHOR' };
}

/**
 * The kind one subscriber gets, from whether they could see the comment before and can now
 * (the same rule as queries); null: nothing for them.
 */
export function kindFor(message: CommentEventKind, visibleBefore: boolean, visibleNow: boolean, placeholder: boolean): CommentEventKindEnum | null {
  if (visibleNow && !visibleBefore) return CommentEventKindEnum.ADDED;
  if (!visibleNow) return visibleBefore ? CommentEventKindEnum.REMOVED : null;
  if (message === 'VOTED') return CommentEventKindEnum.VOTED;
  // a deletion or hide that leaves a placeholder (it keeps replies in place) is still REMOVED, with the
  // placeholder; a moderation change seen by staff or the author is an UPDATE
  return message === 'REMOVED' && placeholder ? CommentEventKindEnum.REMOVED : CommentEventKindEnum.UPDATED;
}

/** One database read per event for every subscriber of the article, then a decision per subscriber in memory. */
async function deliver(db: Db, m: CommentEventMessage, subscribers: CommentSubscriber[]): Promise<void> {
  const targets = subscribers.filter((s) => !s.ancestorId || m.path.includes(s.ancestorId));
  if (!targets.length) return;
  const [row]: CommentEntity[] = await db.query(`select ${selectColumns(db, CommentEntity, 'c')} from comments c where c.id = $1`, [m.commentId]);
  if (!row) return;
  const loaders = new EventLoaders(db);
  loaders.shared.comments.byId.prime(row.id, row);
  const article = await loaders.shared.articles.byId.load(row.articleId);
  if (!article) return;
  const before = m.before ? { status: m.before.status as CommentEntity['status'], tombstone: m.before.tombstone, authorId: m.authorId } : null;
  let removed: CommentEntity | null = null;
  // one value per (viewer, kind, view): anonymous subscribers get the very same object, so the
  // socket layer can execute their selection once and reuse the result (http/ws.ts)
  const values = new Map<string, CommentEventValue>();
  for (const s of targets) {
    if (s.channel.closed || !canSeeArticle(s.viewer, article)) continue;
    const now = canSeeComment(s.viewer, row);
    const kind = kindFor(m.kind, before ? canSeeComment(s.viewer, before) : false, now, !showsContent(s.viewer, row));
    if (!kind) continue;
    const key = `${s.viewer?.id ?? ''}:${kind}:${now}`;
    let value = values.get(key);
    if (!value) values.set(key, (value = { kind, comment: now ? row : (removed ??= removedView(row)), loaders: loaders.for(s.viewer) }));
    s.channel.push(value);
  }
}

const hubs = new WeakMap<PubSub, KeyedFanout<CommentEventMessage, CommentSubscriber>>();

function hubOf(ctx: Context): KeyedFanout<CommentEventMessage, CommentSubscriber> {
  const pubsub = ctx.services.pubsub;
  let hub = hubs.get(pubsub);
  if (!hub) {
    const db = ctx.db;
    hub = new KeyedFanout<CommentEventMessage, CommentSubscriber>(pubsub, COMMENT_EVENTS, (m) => m.articleId, (m, subs) => deliver(db, m, subs));
    hubs.set(pubsub, hub);
  }
  return hub;
}

/** Subscribers of commentEvents on this instance (for tests and the bench). */
export function commentSubscriberCount(pubsub: PubSub): number {
  return hubs.get(pubsub)?.size ?? 0;
}

@Resolver(() => CommentEvent)
export class CommentSubscriptionResolver {
  @Subscription(() => CommentEvent, {
    description:
      'Live comments of one article (or of one comment’s subtree with ancestorId): ADDED, UPDATED, REMOVED, VOTED. ' +
      'You get exactly what you could query: PENDING and HIDDEN comments only for their author and staff.',
    subscribe: async ({ args, context }) => {
      const ctx = context as Context;
      const { articleId, ancestorId } = args as { articleId: string; ancestorId?: string | null };
      const articleUuid = decodeId(articleId, 'Article', 'articleId');
      const article = await ctx.loaders.articles.byId.load(articleUuid);
      if (!article || !canSeeArticle(ctx.viewer, article)) throw new NotFoundError('article');
      let ancestorUuid: string | null = null;
      if (ancestorId != null) {
        ancestorUuid = decodeId(ancestorId, 'Comment', 'ancestorId');
        const ancestor = await loadVisibleComment(ctx, ancestorUuid);
        if (!ancestor || ancestor.articleId !== articleUuid) throw new NotFoundError('comment');
      }
      let remove = () => {};
      const channel = ctx.services.pubsub.channel<CommentEventValue>(() => remove());
      remove = hubOf(ctx).add(articleUuid, { viewer: ctx.viewer, ancestorId: ancestorUuid, channel });
      return channel;
    },
  })
  commentEvents(
    @Root() event: CommentEventValue,
    @Arg('articleId', () => ID, { description: 'The article whose comments to follow.' }) _articleId: string,
    @Arg('ancestorId', () => ID, { nullable: true, description: 'Only this comment and its replies, at any depth.' }) _ancestorId: string | null,
    @Ctx() ctx: Context,
  ): CommentEventValue {
    // the subscription's context lives as long as it does: each event brings fresh loaders
    ctx.loaders = event.loaders;
    return event;
  }
}
