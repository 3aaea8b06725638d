import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import { PageArgs } from '../../graphql/connection.js';
import type { Context } from '../context.js';
import { toGlobalId } from '../../graphql/global-id.js';
import type { ArticleEntity } from '../article/article.entity.js';
import { ArticleIdInput, ArticlePayload } from '../article/article.inputs.js';
import { canSeeArticle } from '../article/article.policy.js';
import { Article } from '../article/article.type.js';
import { loadVisibleComment } from '../comment/comment.resolver.js';
import { Comment } from '../comment/comment.type.js';
import type { UserEntity } from '../user/user.entity.js';
import { User } from '../user/user.type.js';
import type { NotificationEntity } from './notification.entity.js';
import { MarkNotificationsReadInput, MarkNotificationsReadPayload } from './notification.inputs.js';
import { canSeeNotification } from './notification.policy.js';
import { Notification, NotificationConnection, NotificationModerationDecisionEnum } from './notification.type.js';

/** A notification for `node(id:)`: only its recipient gets it, null for everyone else. */
export async function loadVisibleNotification(ctx: Context, uuid: string): Promise<NotificationEntity | null> {
  const row = await ctx.loaders.notifications.byId.load(uuid);
  return row && canSeeNotification(ctx.viewer, row) ? row : null;
}

@Resolver(() => Notification)
export class NotificationResolver {
  @FieldResolver(() => ID, { description: 'The opaque global id of the notification.' })
  id(@Root() row: NotificationEntity) {
    return toGlobalId('Notification', row.id);
  }

  @FieldResolver(() => Article, { nullable: true, description: 'The article concerned; null when the viewer may no longer read it.' })
  async article(@Root() row: NotificationEntity, @Ctx() ctx: Context) {
    if (!row.articleId) return null;
    const article = await ctx.loaders.articles.byId.load(row.articleId);
    return article && canSeeArticle(ctx.viewer, article) ? article : null;
  }

  @FieldResolver(() => Comment, { nullable: true, description: 'The comment concerned; null when the viewer may no longer see it (deleted, hidden, ...).' })
  comment(@Root() row: NotificationEntity, @Ctx() ctx: Context) {
    // the visibility rule as of now: a comment hidden after the notification reads as null
    return row.commentId ? loadVisibleComment(ctx, row.commentId) : null;
  }

  @FieldResolver(() => NotificationModerationDecisionEnum, { nullable: true, description: 'For MODERATION: what the moderator decided; null for other kinds.' })
  moderationDecision(@Root() row: NotificationEntity) {
    return row.kind === 'MODERATION' ? row.detail : null;
  }

  @FieldResolver(() => Boolean, { description: 'Whether the recipient has marked it read.' })
  read(@Root() row: NotificationEntity) {
    return row.readAt != null;
  }

  @Mutation(() => ArticlePayload, { description: 'Follow an article: hear about new comments and official answers on it. Idempotent. FORBIDDEN while suspended.' })
  async followArticle(@Arg('input', () => ArticleIdInput, { description: 'The input of the mutation.' }) input: ArticleIdInput, @Ctx() ctx: Context) {
    return this.setFollowing(ctx, input.articleId, true);
  }

  @Mutation(() => ArticlePayload, { description: 'Stop following an article. Idempotent. Commenting on it again follows it again. FORBIDDEN while suspended.' })
  async unfollowArticle(@Arg('input', () => ArticleIdInput, { description: 'The input of the mutation.' }) input: ArticleIdInput, @Ctx() ctx: Context) {
    return this.setFollowing(ctx, input.articleId, false);
  }

  private async setFollowing(ctx: Context, articleId: string, following: boolean) {
    const article = await ctx.services.notifications.setFollowing(ctx.viewer, articleId, following);
    ctx.loaders.notifications.viewerIsFollowing.clear(article.id).prime(article.id, following);
    return { article };
  }

  @Mutation(() => MarkNotificationsReadPayload, { description: 'Mark some of your notifications read (by id), or all of them when `ids` is omitted. FORBIDDEN while suspended (reading them is allowed).' })
  async markNotificationsRead(
    @Arg('input', () => MarkNotificationsReadInput, { description: 'The input of the mutation.' }) input: MarkNotificationsReadInput,
    @Ctx() ctx: Context,
  ) {
    const result = await ctx.services.notifications.markRead(ctx.viewer, input.ids);
    if (ctx.viewer) ctx.loaders.notifications.unreadCount.clear(ctx.viewer.id).prime(ctx.viewer.id, result.unreadCount);
    return result;
  }
}

@Resolver(() => User)
export class UserNotificationsResolver {
  @FieldResolver(() => NotificationConnection, {
    description: 'Your notifications, newest first. Only for the viewer themself: empty for anyone else.',
  })
  notifications(
    @Root() row: UserEntity,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('unreadOnly', () => Boolean, { defaultValue: false, description: 'Only notifications not yet marked read.' }) unreadOnly: boolean,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.notifications.list(ctx.viewer, row.id, page, unreadOnly);
  }

  @FieldResolver(() => Int, { description: 'How many of your notifications are unread. Only for the viewer themself: 0 for anyone else.' })
  unreadNotificationCount(@Root() row: UserEntity, @Ctx() ctx: Context) {
    return ctx.viewer?.id === row.id ? ctx.loaders.notifications.unreadCount.load(row.id) : 0;
  }
}

@Resolver(() => Article)
export class ArticleFollowResolver {
  @FieldResolver(() => Boolean, { description: 'Whether the viewer follows the article (false when anonymous).' })
  viewerIsFollowing(@Root() row: ArticleEntity, @Ctx() ctx: Context) {
    return ctx.viewer ? ctx.loaders.notifications.viewerIsFollowing.load(row.id) : false;
  }
}
