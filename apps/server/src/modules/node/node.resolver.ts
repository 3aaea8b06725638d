import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import { allows } from '../../graphql/authorization.js';
import { NODE_AUTHORIZATION } from '../authorization.js';
import { selectColumns } from '../../db/columns.js';
import type { Context } from '../context.js';
import { BadUserInputError } from '../../graphql/errors.js';
import { parseGlobalId, type NodeType } from '../../graphql/global-id.js';
import { asNode, Node } from '../../graphql/node.js';
import { hasRole, isStaff } from '../../lib/viewer.js';
import { FlagEntity } from '../moderation/moderation.entity.js';
import { moderationActionSelect } from '../moderation/moderation.log.js';
import { ArticleRevisionEntity } from '../article/article.entity.js';
import { canSeeArticle } from '../article/article.policy.js';
import { ArticleVoteEntity } from '../article-feedback/article-vote.entity.js';
import { CommentRevisionEntity } from '../comment/comment.entity.js';
import { loadVisibleComment } from '../comment/comment.resolver.js';
import { canSeeOutbox } from '../mail/mail.policy.js';
import { canSeeWebhooks } from '../webhook/webhook.policy.js';
import { loadVisibleNotification } from '../notification/notification.resolver.js';

export type NodeFetcher = (ctx: Context, uuid: string) => Promise<object | null>;

async function one<T>(ctx: Context, sql: string, uuid: string): Promise<T | null> {
  const [row] = await ctx.db.query(sql, [uuid]);
  return (row as T) ?? null;
}

/** How each node type is fetched for a viewer: null for what the viewer may not see. */
const fetchers: Partial<Record<NodeType, NodeFetcher>> = {
  User: (ctx, id) => ctx.loaders.users.byId.load(id),
  Category: (ctx, id) => ctx.loaders.categories.byId.load(id),
  Section: (ctx, id) => ctx.loaders.sections.byId.load(id),
  Article: async (ctx, id) => {
    const row = await ctx.loaders.articles.byId.load(id);
    return row && canSeeArticle(ctx.viewer, row) ? row : null;
  },
  ApiToken: async (ctx, id) => {
    if (!ctx.viewer) return null;
    const tokens = await ctx.services.auth.listApiTokens(ctx.viewer.id);
    return tokens.find((t) => t.id === id) ?? null;
  },
  Session: (ctx, id) => (ctx.viewer ? ctx.services.auth.sessionOf(ctx.viewer.id, id) : Promise.resolve(null)),
  ArticleRevision: (ctx, id) =>
    isStaff(ctx.viewer)
      ? one(ctx, `select ${selectColumns(ctx.db, ArticleRevisionEntity, 'r')} from article_revisions r where r.id = $1`, id)
      : Promise.resolve(null),
  Comment: (ctx, id) => loadVisibleComment(ctx, id),
  Notification: (ctx, id) => loadVisibleNotification(ctx, id),
  Mail: (ctx, id) => (canSeeOutbox(ctx.viewer) ? ctx.services.mail.byId(id) : Promise.resolve(null)),
  WebhookEndpoint: (ctx, id) => (canSeeWebhooks(ctx.viewer) ? ctx.services.webhooks.byId(id) : Promise.resolve(null)),
  WebhookDelivery: (ctx, id) => (canSeeWebhooks(ctx.viewer) ? ctx.services.webhooks.deliveryById(id) : Promise.resolve(null)),
  CommentRevision: (ctx, id) =>
    isStaff(ctx.viewer)
      ? one(ctx, `select ${selectColumns(ctx.db, CommentRevisionEntity, 'r')} from comment_revisions r where r.id = $1`, id)
      : Promise.resolve(null),
  Flag: (ctx, id) =>
    hasRole(ctx.viewer, 'MODERATOR')
      ? one(ctx, `select ${selectColumns(ctx.db, FlagEntity, 'f')} from flags f where f.id = $1`, id)
      : Promise.resolve(null),
  ModerationAction: (ctx, id) =>
    hasRole(ctx.viewer, 'MODERATOR')
      ? one(ctx, `${moderationActionSelect(ctx.db)} where m.id = $1`, id)
      : Promise.resolve(null),
  ArticleFeedback: (ctx, id) =>
    isStaff(ctx.viewer)
      ? one(ctx, `select ${selectColumns(ctx.db, ArticleVoteEntity, 'v')} from article_votes v where v.id = $1`, id)
      : Promise.resolve(null),
};

export async function fetchNode(ctx: Context, id: string): Promise<object | null> {
  const parsed = parseGlobalId(id);
  const fetch = parsed && fetchers[parsed.type];
  if (!parsed || !fetch) return null;
  const rule = NODE_AUTHORIZATION[parsed.type];
  if (rule && !allows(ctx.viewer, rule)) return null;
  const row = await fetch(ctx, parsed.uuid);
  return row ? asNode(parsed.type, { ...row }) : null;
}

@Resolver()
export class NodeResolver {
  @Query(() => Node, { nullable: true, description: 'Fetch any object by its global id; null when malformed, unknown or not visible.' })
  node(@Arg('id', () => ID, { description: 'A global id.' }) id: string, @Ctx() ctx: Context) {
    return fetchNode(ctx, id);
  }

  @Query(() => [Node], { nullable: 'items', description: 'Fetch up to 100 objects by global id, in the same order; null entries for misses.' })
  nodes(@Arg('ids', () => [ID], { description: 'Global ids (at most 100).' }) ids: string[], @Ctx() ctx: Context) {
    if (ids.length > 100) throw new BadUserInputError('At most 100 ids.', { field: 'ids' });
    return Promise.all(ids.map((id) => fetchNode(ctx, id)));
  }
}
