import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root, UseMiddleware } from 'type-graphql';
import { WriteLimit } from '../moderation/write-limits.js';
import { selectColumns } from '../../db/columns.js';
import { firstPageSize, PageArgs, type ConnectionValue } from '../../graphql/connection.js';
import type { Context } from '../context.js';
import { parseGlobalId, toGlobalId } from '../../graphql/global-id.js';
import { isStaff } from '../../lib/viewer.js';
import type { ArticleEntity } from '../article/article.entity.js';
import { canSeeArticle } from '../article/article.policy.js';
import { Article } from '../article/article.type.js';
import { User } from '../user/user.type.js';
import { CommentRevisionEntity, type CommentEntity } from './comment.entity.js';
import { canBeAnswer, canDeleteComment, canEditComment, canMarkAnswer, canModerate, canSeeComment, removedBy, showsContent } from './comment.policy.js';
import type { OwnHidden } from './comment.loaders.js';
import { commentPage, type CommentRow } from './comment.queries.js';
import { commentTree, replyKey, treePlan } from './comment.tree.js';
import {
  AddCommentInput,
  CannotCommentReasonEnum,
  Comment,
  CommentConnection,
  CommentIdInput,
  CommentOrderEnum,
  CommentPayload,
  CommentRemovedByEnum,
  CommentRevision,
  HideReasonEnum,
  UpdateCommentInput,
  VoteCommentInput,
  VoteValueEnum,
} from './comment.type.js';

/** A comment the viewer may see on an article the viewer may see; null otherwise. */
export async function loadVisibleComment(ctx: Context, uuid: string): Promise<CommentEntity | null> {
  const row = await ctx.loaders.comments.byId.load(uuid);
  if (!row || !canSeeComment(ctx.viewer, row)) return null;
  const article = await ctx.loaders.articles.byId.load(row.articleId);
  return article && canSeeArticle(ctx.viewer, article) ? row : null;
}

/**
 * Comments the viewer can see, from the right counter. Synchronous for anonymous readers and
 * staff (no promise per comment on the hot path); members add their own PENDING/HIDDEN
 * comments (`own` picks which of them count) from one batched load.
 */
function visibleCount(ctx: Context, counters: { pub: number; all: number }, articleId: string, own: (o: OwnHidden) => number): number | Promise<number> {
  const viewer = ctx.viewer;
  if (!viewer) return counters.pub;
  if (isStaff(viewer)) return counters.all;
  return ctx.loaders.comments.ownHidden.load(articleId).then((o) => counters.pub + (o ? own(o) : 0));
}
const onArticle = (o: OwnHidden) => o.onArticle;
const topLevel = (o: OwnHidden) => o.topLevel;

@Resolver(() => Comment)
export class CommentResolver {
  @Query(() => Comment, { nullable: true, description: 'A comment by id; null when it does not exist or the viewer may not see it.' })
  comment(@Arg('id', () => ID, { description: 'The global id.' }) id: string, @Ctx() ctx: Context) {
    const parsed = parseGlobalId(id);
    return parsed?.type === 'Comment' ? loadVisibleComment(ctx, parsed.uuid) : null;
  }

  @FieldResolver(() => ID, { description: 'The opaque global id of the comment.' })
  id(@Root() row: CommentEntity) {
    return toGlobalId('Comment', row.id);
  }

  @FieldResolver(() => Article, { description: 'The article the comment is on.' })
  article(@Root() row: CommentEntity, @Ctx() ctx: Context) {
    return ctx.loaders.articles.byId.load(row.articleId);
  }

  @FieldResolver(() => Comment, { nullable: true, description: 'The comment this one replies to; null at the top level.' })
  parent(@Root() row: CommentEntity, @Ctx() ctx: Context) {
    return row.parentId ? loadVisibleComment(ctx, row.parentId) : null;
  }

  @FieldResolver(() => User, { nullable: true, description: 'Who wrote it; null once DELETED, and for a HIDDEN placeholder (anyone but staff and its author).' })
  author(@Root() row: CommentRow, @Ctx() ctx: Context) {
    if (!showsContent(ctx.viewer, row)) return null;
    return row.author ?? ctx.loaders.users.byId.load(row.authorId);
  }

  @FieldResolver(() => String, { description: 'Markdown source; empty for DELETED, and for HIDDEN unless the viewer is staff or its author.' })
  body(@Root() row: CommentEntity, @Ctx() ctx: Context) {
    return showsContent(ctx.viewer, row) ? row.body : '';
  }

  @FieldResolver(() => String, { description: 'Sanitized HTML; empty for DELETED, and for HIDDEN unless the viewer is staff or its author.' })
  bodyHtml(@Root() row: CommentEntity, @Ctx() ctx: Context) {
    return showsContent(ctx.viewer, row) ? row.bodyHtml : '';
  }

  @FieldResolver(() => HideReasonEnum, { nullable: true, description: 'Why it was hidden (HIDDEN only); null for viewers who see a HIDDEN comment as a placeholder.' })
  hideReason(@Root() row: CommentEntity, @Ctx() ctx: Context) {
    return showsContent(ctx.viewer, row) ? row.hideReason : null;
  }

  @FieldResolver(() => CommentRemovedByEnum, {
    nullable: true,
    description:
      'Who made it a placeholder: AUTHOR (deleted by its author: "This comment was deleted") or MODERATOR (hidden, or deleted by a moderator: ' +
      '"Removed by a moderator"); null while it is not removed. A placeholder is listed only when it keeps replies the viewer sees in place; ' +
      'others than staff and its author read it without author, text or hide reason.',
  })
  removedBy(@Root() row: CommentEntity) {
    return removedBy(row);
  }

  @FieldResolver(() => Boolean, {
    description:
      'Whether staff marked it as the answer to its thread’s question (the top-level comment it is under). A question has at most one accepted ' +
      'answer; any published reply can be it, a member’s or staff’s (`markOfficialAnswer`).',
  })
  isAcceptedAnswer(@Root() row: CommentEntity) {
    return row.acceptedAt != null;
  }

  @FieldResolver(() => User, { nullable: true, description: 'The staff member who marked it as the accepted answer; null when it is not the answer.' })
  acceptedBy(@Root() row: CommentEntity, @Ctx() ctx: Context) {
    return row.acceptedBy ? ctx.loaders.users.byId.load(row.acceptedBy) : null;
  }

  @FieldResolver(() => Comment, {
    nullable: true,
    description:
      'On a question (a top-level comment): the reply staff accepted as its answer, at any depth of its thread, shown first under the question. ' +
      'Null when there is none, on replies, and when the viewer may not read the answer (hidden or deleted).',
  })
  async acceptedAnswer(@Root() row: CommentEntity, @Ctx() ctx: Context) {
    if (!row.acceptedAnswerId) return null;
    const answer = await loadVisibleComment(ctx, row.acceptedAnswerId);
    return answer && showsContent(ctx.viewer, answer) ? answer : null;
  }

  @FieldResolver(() => Boolean, { description: 'Whether the viewer may mark it as its thread’s answer, or unmark it: staff on a published reply.' })
  viewerCanMarkAnswer(@Root() row: CommentEntity, @Ctx() ctx: Context) {
    return canMarkAnswer(ctx.viewer) && canBeAnswer(row);
  }

  @FieldResolver(() => VoteValueEnum, { nullable: true, description: "The viewer's vote; null when none." })
  async viewerVote(@Root() row: CommentRow, @Ctx() ctx: Context) {
    if (!ctx.viewer) return null;
    const value = row.viewerVoteValue !== undefined ? row.viewerVoteValue : await ctx.loaders.comments.viewerVote.load(row.id);
    return value === 1 ? VoteValueEnum.UP : value === -1 ? VoteValueEnum.DOWN : null;
  }

  @FieldResolver(() => Int, { description: 'Direct replies the viewer may see, placeholders (deleted or hidden replies that keep replies in place) included.' })
  replyCount(@Root() row: CommentEntity, @Ctx() ctx: Context) {
    return visibleCount(ctx, { pub: row.replyCount, all: row.replyCountAll }, row.articleId, (o) => o.byParent.get(row.id) ?? 0);
  }

  @FieldResolver(() => CommentConnection, { description: 'Direct replies the viewer may see, oldest first by default.' })
  replies(
    @Root() row: CommentRow,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('orderBy', () => CommentOrderEnum, { defaultValue: CommentOrderEnum.OLD, description: 'Sort order.' }) orderBy: CommentOrderEnum,
    @Ctx() ctx: Context,
  ): ConnectionValue<CommentRow> | Promise<ConnectionValue<CommentRow>> {
    const first = firstPageSize(page);
    if (first === null) return commentPage(ctx.db, ctx.viewer, page, { articleId: row.articleId, parentId: row.id }, orderBy);
    // the total from the parent's counters
    const withCount = (conn: ConnectionValue<CommentRow>) => ({ ...conn, totalCount: this.replyCount(row, ctx) });
    // read with the page's tree statement (answered without a promise), or the batched form:
    // one statement per level for every parent on the page
    const pre = row.prefetchedReplies;
    if (pre && pre.key === replyKey(first, orderBy)) return withCount(pre.conn);
    return ctx.loaders.comments.firstReplies(first, orderBy).load(row.id).then((conn) => withCount(conn!));
  }

  @FieldResolver(() => Boolean, { description: 'Whether the viewer may edit it (its author, while comments are open).' })
  viewerCanEdit(@Root() row: CommentEntity, @Ctx() ctx: Context): boolean | Promise<boolean> {
    // only the author can: everyone else is answered without loading the article
    if (!ctx.viewer || ctx.viewer.id !== row.authorId) return false;
    const viewer = ctx.viewer;
    return ctx.loaders.articles.byId.load(row.articleId).then((article) => canEditComment(viewer, row, article?.commentsLocked ?? false));
  }

  @FieldResolver(() => Boolean, { description: 'Whether the viewer may delete it (its author or a moderator).' })
  viewerCanDelete(@Root() row: CommentEntity, @Ctx() ctx: Context) {
    return canDeleteComment(ctx.viewer, row);
  }

  @FieldResolver(() => Boolean, { description: 'Whether the viewer may hide, approve or otherwise moderate it.' })
  viewerCanModerate(@Ctx() ctx: Context) {
    return canModerate(ctx.viewer);
  }

  @FieldResolver(() => [CommentRevision], { nullable: true, description: 'Earlier texts of an edited comment, newest first: staff only, null for others.' })
  revisions(@Root() row: CommentEntity, @Ctx() ctx: Context) {
    if (!isStaff(ctx.viewer)) return null;
    return ctx.db.query(
      `select ${selectColumns(ctx.db, CommentRevisionEntity, 'r')} from comment_revisions r where r.comment_id = $1 order by r.created_at desc, r.id desc`,
      [row.id],
    );
  }

  @UseMiddleware(WriteLimit('comment'))
  @Mutation(() => CommentPayload, { description: 'Comment on an article or reply to a comment. Members’ first comments with links wait for approval (PENDING).' })
  async addComment(@Arg('input', () => AddCommentInput, { description: 'The input of the mutation.' }) input: AddCommentInput, @Ctx() ctx: Context) {
    return { comment: await ctx.services.comments.add(ctx.viewer, input) };
  }

  @UseMiddleware(WriteLimit('comment'))
  @Mutation(() => CommentPayload, { description: 'Edit your comment; the previous text is kept for staff.' })
  async updateComment(@Arg('input', () => UpdateCommentInput, { description: 'The input of the mutation.' }) input: UpdateCommentInput, @Ctx() ctx: Context) {
    return { comment: await ctx.services.comments.update(ctx.viewer, input) };
  }

  @Mutation(() => CommentPayload, { description: 'Delete a comment (its author or a moderator). One with replies stays as a tombstone.' })
  async deleteComment(@Arg('input', () => CommentIdInput, { description: 'The input of the mutation.' }) input: CommentIdInput, @Ctx() ctx: Context) {
    return { comment: await ctx.services.moderation.deleteComment(ctx.viewer, input.commentId) };
  }

  @Mutation(() => CommentPayload, {
    description:
      'Mark a published reply as the answer to its thread’s question (the top-level comment): shown first under the question, live for every reader, ' +
      'and its author hears about it (OFFICIAL_ANSWER). Replaces an earlier answer of the same question; marking the answer again changes nothing. AGENT+.',
  })
  async markOfficialAnswer(@Arg('input', () => CommentIdInput, { description: 'The input of the mutation.' }) input: CommentIdInput, @Ctx() ctx: Context) {
    return { comment: await ctx.services.comments.setAnswer(ctx.viewer, input, true) };
  }

  @Mutation(() => CommentPayload, { description: 'Unmark the accepted answer: its question has no answer again. A comment that is not the answer is returned unchanged. AGENT+.' })
  async unmarkOfficialAnswer(@Arg('input', () => CommentIdInput, { description: 'The input of the mutation.' }) input: CommentIdInput, @Ctx() ctx: Context) {
    return { comment: await ctx.services.comments.setAnswer(ctx.viewer, input, false) };
  }

  @UseMiddleware(WriteLimit('vote'))
  @Mutation(() => CommentPayload, { description: 'Vote a comment UP or DOWN, or clear your vote with null.' })
  async voteComment(@Arg('input', () => VoteCommentInput, { description: 'The input of the mutation.' }) input: VoteCommentInput, @Ctx() ctx: Context) {
    return { comment: await ctx.services.comments.vote(ctx.viewer, input) };
  }
}

@Resolver(() => CommentRevision)
export class CommentRevisionResolver {
  @FieldResolver(() => ID, { description: 'The opaque global id of the revision.' })
  id(@Root() row: CommentRevisionEntity) {
    return toGlobalId('CommentRevision', row.id);
  }
}

@Resolver(() => Article)
export class ArticleCommentsResolver {
  @FieldResolver(() => Int, { description: 'Comments the viewer may read, all depths: placeholders of deleted or hidden comments are not counted.' })
  commentCount(@Root() row: ArticleEntity, @Ctx() ctx: Context) {
    return visibleCount(ctx, { pub: row.commentCount, all: row.commentCountAll }, row.id, onArticle);
  }

  @FieldResolver(() => CommentConnection, { description: 'Top-level comments the viewer may see.' })
  comments(
    @Root() row: ArticleEntity,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('orderBy', () => CommentOrderEnum, { defaultValue: CommentOrderEnum.BEST, description: 'Sort order.' }) orderBy: CommentOrderEnum,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    const first = firstPageSize(page);
    // a first page and the replies the query asks for, in one statement
    // (its totalCount from the article's counters)
    if (first !== null) {
      const total = () => visibleCount(ctx, { pub: row.topCommentCount, all: row.topCommentCountAll }, row.id, topLevel);
      return commentTree(ctx.db, ctx.viewer, row.id, first, orderBy, treePlan(info), total);
    }
    return commentPage(ctx.db, ctx.viewer, page, { articleId: row.id, parentId: null }, orderBy);
  }

  @FieldResolver(() => Boolean, { description: 'Whether the viewer may comment now.' })
  viewerCanComment(@Root() row: ArticleEntity, @Ctx() ctx: Context) {
    return ctx.services.comments.cannotCommentReasons(ctx.viewer, row).length === 0;
  }

  @FieldResolver(() => [CannotCommentReasonEnum], { description: 'Why the viewer cannot comment; empty when they can.' })
  viewerCannotCommentReasons(@Root() row: ArticleEntity, @Ctx() ctx: Context) {
    return ctx.services.comments.cannotCommentReasons(ctx.viewer, row);
  }
}

