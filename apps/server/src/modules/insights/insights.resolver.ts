import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { connectionOf, encodeCursor, pageWindow, PageArgs } from '../../graphql/connection.js';
import type { Context } from '../context.js';
import { BadUserInputError, NotFoundError } from '../../graphql/errors.js';
import { decodeId, toGlobalId } from '../../graphql/global-id.js';
import { canSeeArticle } from '../article/article.policy.js';
import { normalizeQuery } from './insights.collector.js';
import { decodeAttentionItemId, encodeAttentionItemId } from './insights.keys.js';
import type { ArticleInsightsValue, ArticleRowStat, AttentionItemValue, UnansweredQuestionValue } from './insights.service.js';
import {
  ArticleInsights,
  ArticleInsightsRow,
  ArticleReviewPayload,
  AssignAttentionItemInput,
  AttentionItem,
  AttentionItemConnection,
  AttentionItemPayload,
  AttentionReasonEnum,
  HelpCenterInsights,
  InsightsPeriodInput,
  MarkArticleReviewedInput,
  RecordArticleViewInput,
  RecordArticleViewPayload,
  RecordSearchResultOpenedInput,
  RecordSearchResultOpenedPayload,
  SetArticleReviewInput,
  SnoozeAttentionItemInput,
  UnansweredQuestion,
} from './insights.type.js';

const QUEUE_TAG = 'attention';

@Resolver()
export class InsightsResolver {
  @Query(() => HelpCenterInsights, {
    description:
      'The staff dashboard: views, helpfulness, votes by reason, searches (top, no result, results nobody opened), unanswered questions and the most read articles, ' +
      'for the whole help center or one section, over a period (default: the last 30 days). Staff only.',
  })
  helpCenterInsights(
    @Arg('period', () => InsightsPeriodInput, { nullable: true, description: 'The days to report on (default: the last 30 days).' }) period: InsightsPeriodInput | null,
    @Arg('sectionId', () => ID, { nullable: true, description: 'Only this section’s articles (searches stay help center wide).' }) sectionId: string | null,
    @Ctx() ctx: Context,
  ) {
    const section = sectionId != null ? decodeId(sectionId, 'Section', 'sectionId') : null;
    return ctx.services.insights.helpCenter(ctx.viewer, period, section);
  }

  @Query(() => ArticleInsights, { description: 'One article’s views, helpfulness, votes by reason, unanswered questions, review dates and attention reasons over a period. Staff only.' })
  async articleInsights(
    @Arg('articleId', () => ID, { description: 'The article.' }) articleId: string,
    @Arg('period', () => InsightsPeriodInput, { nullable: true, description: 'The days to report on (default: the last 30 days).' }) period: InsightsPeriodInput | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.insights.article(ctx.viewer, decodeId(articleId, 'Article', 'articleId'), period);
  }

  @Query(() => AttentionItemConnection, {
    description:
      'The "needs attention" queue: articles and failed searches with their reasons, most readers affected first; snoozed items are left out. Staff only.',
  })
  async attentionQueue(
    @Args(() => PageArgs) page: PageArgs,
    @Arg('reason', () => AttentionReasonEnum, { nullable: true, description: 'Only items with this reason.' }) reason: AttentionReasonEnum | null,
    @Ctx() ctx: Context,
  ) {
    if (page.last != null || page.before != null) throw new BadUserInputError('The queue pages forwards only (first, after).', { field: page.last != null ? 'last' : 'before' });
    const window = pageWindow(page, QUEUE_TAG, 2);
    const items = await ctx.services.insights.attentionQueue(ctx.viewer, reason);
    let start = 0;
    if (window.cursor) {
      const [readers, key] = window.cursor;
      const r = Number(readers);
      if (!Number.isInteger(r)) throw new BadUserInputError('`after` is not a valid cursor for this list.', { field: 'after' });
      start = items.findIndex((i) => i.readersAffected < r || (i.readersAffected === r && i.key > key));
      if (start < 0) start = items.length;
    }
    const slice = items.slice(start, start + window.limit);
    return connectionOf(
      slice.map((node) => ({ node, cursor: encodeCursor([QUEUE_TAG, String(node.readersAffected), node.key]) })),
      { hasNextPage: start + window.limit < items.length, hasPreviousPage: start > 0, totalCount: items.length },
    );
  }

  @Mutation(() => RecordArticleViewPayload, {
    description:
      'Counts a view of an article page (the web app sends it after the page shows). One per reader, article and day; bots (by user agent) are left out. ' +
      'Counted in memory and written in batches. Anyone may call it for an article they can read.',
  })
  async recordArticleView(@Arg('input', () => RecordArticleViewInput, { description: 'The input of the mutation.' }) input: RecordArticleViewInput, @Ctx() ctx: Context) {
    const articleId = decodeId(input.articleId, 'Article', 'articleId');
    const status = await ctx.services.insights.articleStatus(articleId);
    if (!status || !canSeeArticle(ctx.viewer, { status: status as 'PUBLISHED' })) throw new NotFoundError('article');
    const counted = await ctx.services.insights.recordView({
      articleId,
      userId: ctx.viewer?.id ?? null,
      ip: ctx.ip,
      userAgent: ctx.http?.req.headers['user-agent'],
    });
    return { counted };
  }

  @Mutation(() => RecordSearchResultOpenedPayload, { description: 'Counts that a reader opened a result of a search (searches whose results nobody opens show on the dashboard). Anyone may call it.' })
  async recordSearchResultOpened(
    @Arg('input', () => RecordSearchResultOpenedInput, { description: 'The input of the mutation.' }) input: RecordSearchResultOpenedInput,
    @Ctx() ctx: Context,
  ) {
    if (input.query.length > 200 || !normalizeQuery(input.query)) throw new BadUserInputError('query is 1..200 characters.', { field: 'query' });
    const article = await ctx.loaders.articles.byId.load(decodeId(input.articleId, 'Article', 'articleId'));
    if (!article || !canSeeArticle(ctx.viewer, article)) throw new NotFoundError('article');
    ctx.services.insights.recordSearchOpened(input.query);
    return { counted: true };
  }

  @Mutation(() => AttentionItemPayload, { description: 'Assigns an attention item to a staff member, or unassigns it. Staff only.' })
  async assignAttentionItem(@Arg('input', () => AssignAttentionItemInput, { description: 'The input of the mutation.' }) input: AssignAttentionItemInput, @Ctx() ctx: Context) {
    const item = decodeAttentionItemId(input.itemId);
    const assignee = input.assigneeId != null ? decodeId(input.assigneeId, 'User', 'assigneeId') : null;
    await ctx.services.insights.assign(ctx.viewer, item, assignee);
    return this.payload(ctx, input.itemId);
  }

  @Mutation(() => AttentionItemPayload, { description: 'Hides an attention item from the queue until a time (or shows it again with until: null). Staff only.' })
  async snoozeAttentionItem(@Arg('input', () => SnoozeAttentionItemInput, { description: 'The input of the mutation.' }) input: SnoozeAttentionItemInput, @Ctx() ctx: Context) {
    const item = decodeAttentionItemId(input.itemId);
    await ctx.services.insights.snooze(ctx.viewer, item, input.until ?? null);
    return this.payload(ctx, input.itemId);
  }

  @Mutation(() => ArticleReviewPayload, { description: 'Records that the viewer reviewed the article now (who and when); its next review is due one interval later. Staff only.' })
  async markArticleReviewed(@Arg('input', () => MarkArticleReviewedInput, { description: 'The input of the mutation.' }) input: MarkArticleReviewedInput, @Ctx() ctx: Context) {
    const articleId = decodeId(input.articleId, 'Article', 'articleId');
    await ctx.services.insights.markReviewed(ctx.viewer, articleId);
    return { insights: await ctx.services.insights.article(ctx.viewer, articleId, null) };
  }

  @Mutation(() => ArticleReviewPayload, { description: 'Sets an article’s owner (who gets the weekly summary) and review interval. Staff only.' })
  async setArticleReview(@Arg('input', () => SetArticleReviewInput, { description: 'The input of the mutation.' }) input: SetArticleReviewInput, @Ctx() ctx: Context) {
    const articleId = decodeId(input.articleId, 'Article', 'articleId');
    const ownerId = input.ownerId === undefined ? undefined : input.ownerId === null ? null : decodeId(input.ownerId, 'User', 'ownerId');
    await ctx.services.insights.setReview(ctx.viewer, articleId, { ownerId, intervalDays: input.reviewIntervalDays });
    return { insights: await ctx.services.insights.article(ctx.viewer, articleId, null) };
  }

  private async payload(ctx: Context, itemId: string) {
    const key = decodeAttentionItemId(itemId);
    const items = await ctx.services.insights.attentionQueue(ctx.viewer, null);
    const item = items.find((i) => i.key === (key.kind === 'ARTICLE' ? `article:${key.articleId}` : `search:${key.query}`)) ?? null;
    return { itemId, item };
  }
}

@Resolver(() => AttentionItem)
export class AttentionItemResolver {
  @FieldResolver(() => ID, { description: 'The opaque id of the item (for assign and snooze).' })
  id(@Root() row: AttentionItemValue) {
    return encodeAttentionItemId(row.key);
  }

  @FieldResolver({ nullable: true, description: 'ARTICLE: the article.' })
  article(@Root() row: AttentionItemValue, @Ctx() ctx: Context) {
    return row.articleId ? ctx.loaders.articles.byId.load(row.articleId) : null;
  }

  @FieldResolver({ nullable: true, description: 'Who it is assigned to.' })
  assignee(@Root() row: AttentionItemValue, @Ctx() ctx: Context) {
    return row.assigneeId ? ctx.loaders.users.byId.load(row.assigneeId) : null;
  }

  @FieldResolver({ nullable: true, description: 'ARTICLE: the article’s owner (its author unless set).' })
  owner(@Root() row: AttentionItemValue, @Ctx() ctx: Context) {
    return row.ownerId ? ctx.loaders.users.byId.load(row.ownerId) : null;
  }

  @FieldResolver({ nullable: true, description: 'ARTICLE: who last marked it reviewed.' })
  reviewedBy(@Root() row: AttentionItemValue, @Ctx() ctx: Context) {
    return row.reviewedById ? ctx.loaders.users.byId.load(row.reviewedById) : null;
  }
}

@Resolver(() => ArticleInsights)
export class ArticleInsightsResolver {
  @FieldResolver({ nullable: true, description: 'The article.' })
  article(@Root() row: ArticleInsightsValue, @Ctx() ctx: Context) {
    return ctx.loaders.articles.byId.load(row.articleId);
  }

  @FieldResolver({ nullable: true, description: 'Who owns it (its author unless set).' })
  owner(@Root() row: ArticleInsightsValue, @Ctx() ctx: Context) {
    return row.ownerId ? ctx.loaders.users.byId.load(row.ownerId) : null;
  }

  @FieldResolver({ nullable: true, description: 'Who last marked it reviewed.' })
  reviewedBy(@Root() row: ArticleInsightsValue, @Ctx() ctx: Context) {
    return row.reviewedById ? ctx.loaders.users.byId.load(row.reviewedById) : null;
  }
}

@Resolver(() => UnansweredQuestion)
export class UnansweredQuestionResolver {
  @FieldResolver(() => ID, { description: 'The global id of the comment.' })
  commentId(@Root() row: UnansweredQuestionValue) {
    return toGlobalId('Comment', row.commentId);
  }

  @FieldResolver({ nullable: true, description: 'The article it was asked on.' })
  article(@Root() row: UnansweredQuestionValue, @Ctx() ctx: Context) {
    return ctx.loaders.articles.byId.load(row.articleId);
  }
}

@Resolver(() => ArticleInsightsRow)
export class ArticleInsightsRowResolver {
  @FieldResolver({ nullable: true, description: 'The article.' })
  article(@Root() row: ArticleRowStat, @Ctx() ctx: Context) {
    return ctx.loaders.articles.byId.load(row.articleId);
  }
}

@Resolver(() => HelpCenterInsights)
export class HelpCenterInsightsResolver {
  @FieldResolver(() => ID, { nullable: true, description: 'The section reported on; null: the whole help center.' })
  sectionId(@Root() row: { sectionId: string | null }) {
    return row.sectionId ? toGlobalId('Section', row.sectionId) : null;
  }
}

export const insightsResolvers = [
  InsightsResolver,
  AttentionItemResolver,
  ArticleInsightsResolver,
  UnansweredQuestionResolver,
  ArticleInsightsRowResolver,
  HelpCenterInsightsResolver,
] as const;

