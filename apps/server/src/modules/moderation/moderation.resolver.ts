import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root, UseMiddleware } from 'type-graphql';
import { selectColumns } from '../../db/columns.js';
import { WriteLimit } from './write-limits.js';
import { PageArgs, paginate } from '../../graphql/connection.js';
import type { Context } from '../context.js';
import { decodeId, toGlobalId } from '../../graphql/global-id.js';
import { asNode, Node } from '../../graphql/node.js';
import { ArticlePayload } from '../article/article.inputs.js';
import { Comment, CommentIdInput, CommentPayload } from '../comment/comment.type.js';
import { UserEntity } from '../user/user.entity.js';
import { RoleEnum, User, UserStatusEnum } from '../user/user.type.js';
import { FlagEntity, ModerationActionEntity, type FlagReason } from './moderation.entity.js';
import { moderationActionSelect, TARGET_USER_SQL, type ModerationActionRow } from './moderation.log.js';
import {
  BanUserInput,
  Flag,
  FlagCommentInput,
  FlagPayload,
  FlagReasonEnum,
  FlagStatusEnum,
  HideCommentInput,
  LockArticleInput,
  ModerationAction,
  ModerationActionConnection,
  ModerationActionKindEnum,
  ModerationQueueConnection,
  ModerationQueueItem,
  ResolveFlagInput,
  SetUserRoleInput,
  SuspendUserInput,
  UserConnection,
  UserIdInput,
  UserPayload,
} from './moderation.type.js';

/** A queue item as the queue query produces it. */
export interface QueueItemRow {
  commentId: string;
  flagCount: number;
  reasons: FlagReason[] | null;
  pending: boolean;
  flagStatus: string;
}

const INPUT = { description: 'The input of the mutation.' };

@Resolver()
export class ModerationResolver {
  @Query(() => ModerationQueueConnection, { description: 'Comments waiting for a moderator: flagged ones (grouped, with counts and reasons) and PENDING ones. MODERATOR+.' })
  moderationQueue(
    @Args(() => PageArgs) page: PageArgs,
    @Arg('status', () => FlagStatusEnum, { defaultValue: FlagStatusEnum.OPEN, description: 'Which flags to show; PENDING comments appear with OPEN.' }) status: FlagStatusEnum,
    @Ctx() ctx: Context,
  ) {
    const items = `select c.id as "commentId", count(f.id)::int as "flagCount", array_remove(array_agg(distinct f.reason), null) as reasons,
        (c.status = 'PENDING') as pending, $1::text as "flagStatus", greatest(max(f.created_at), c.created_at) as last_at
      from comments c left join flags f on f.comment_id = c.id and f.status = $1
      where c.status <> 'DELETED' and (f.id is not null or ($1 = 'OPEN' and c.status = 'PENDING'))
      group by c.id`;
    return paginate<QueueItemRow>(ctx.db, page, {
      tag: `queue:${status}`,
      from: `select q."commentId", q."flagCount", q.reasons, q.pending, q."flagStatus" from (${items}) q`,
      where: [],
      params: [status],
      keys: [
        { sql: 'q.last_at', cast: 'timestamptz' },
        { sql: 'q."commentId"', cast: 'uuid' },
      ],
      dir: 'desc',
    });
  }

  @Query(() => ModerationActionConnection, { description: 'Every moderator action, newest first, optionally filtered by moderator, kind of action and the member concerned. MODERATOR+.' })
  moderationLog(
    @Args(() => PageArgs) page: PageArgs,
    @Arg('moderatorId', () => ID, { nullable: true, description: 'Only actions by this moderator (a User id). Automatic actions have no moderator and never match.' }) moderatorId: string | null,
    @Arg('action', () => ModerationActionKindEnum, { nullable: true, description: 'Only this kind of action.' }) action: ModerationActionKindEnum | null,
    @Arg('userId', () => ID, { nullable: true, description: 'Only actions concerning this member (a User id): on their account, their comments, or flags on their comments (see `ModerationAction.targetUser`).' }) userId: string | null,
    @Ctx() ctx: Context,
  ) {
    const where: string[] = [];
    const params: unknown[] = [];
    if (moderatorId != null) {
      params.push(decodeId(moderatorId, 'User', 'moderatorId'));
      where.push(`m.moderator_id = $${params.length}`);
    }
    if (action) {
      params.push(action);
      where.push(`m.action = $${params.length}`);
    }
    if (userId != null) {
      params.push(decodeId(userId, 'User', 'userId'));
      where.push(`${TARGET_USER_SQL} = $${params.length}`);
    }
    return paginate<ModerationActionRow>(ctx.db, page, {
      tag: `modlog:${params.join(':')}`,
      from: moderationActionSelect(ctx.db),
      where,
      params,
      keys: [
        { sql: 'm.created_at', cast: 'timestamptz' },
        { sql: 'm.id', cast: 'uuid' },
      ],
      dir: 'desc',
    });
  }

  @Query(() => UserConnection, { description: 'Users, newest first, for user management. MODERATOR+.' })
  users(
    @Args(() => PageArgs) page: PageArgs,
    @Arg('search', () => String, { nullable: true, description: 'Part of a handle or display name.' }) search: string | null,
    @Arg('role', () => RoleEnum, { nullable: true, description: 'Only this role.' }) role: RoleEnum | null,
    @Arg('status', () => UserStatusEnum, { nullable: true, description: 'Only this status.' }) status: UserStatusEnum | null,
    @Ctx() ctx: Context,
  ) {
    const where: string[] = [];
    const params: unknown[] = [];
    if (search?.trim()) {
      params.push(`%${search.trim().toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%`);
      where.push(`(u.handle like $${params.length} or lower(u.display_name) like $${params.length})`);
    }
    if (role) {
      params.push(role);
      where.push(`u.role = $${params.length}`);
    }
    if (status) {
      params.push(status);
      where.push(`u.status = $${params.length}`);
    }
    return paginate<UserEntity>(ctx.db, page, {
      tag: `users:${search ?? ''}:${role ?? ''}:${status ?? ''}`,
      from: `select ${selectColumns(ctx.db, UserEntity, 'u')} from users u`,
      where,
      params,
      keys: [
        { sql: 'u.created_at', cast: 'timestamptz' },
        { sql: 'u.id', cast: 'uuid' },
      ],
      dir: 'desc',
    });
  }

  @UseMiddleware(WriteLimit('flag'))
  @Mutation(() => FlagPayload, { description: 'Report a comment to the moderators (once per comment).' })
  async flagComment(@Arg('input', () => FlagCommentInput, INPUT) input: FlagCommentInput, @Ctx() ctx: Context) {
    return { flag: await ctx.services.moderation.flag(ctx.viewer, input) };
  }

  @Mutation(() => CommentPayload, { description: 'Hide a comment with a reason; open flags on it are accepted. MODERATOR+.' })
  async hideComment(@Arg('input', () => HideCommentInput, INPUT) input: HideCommentInput, @Ctx() ctx: Context) {
    return { comment: await ctx.services.moderation.hide(ctx.viewer, input) };
  }

  @Mutation(() => CommentPayload, { description: 'Show a hidden comment again; open flags on it are dismissed. MODERATOR+.' })
  async unhideComment(@Arg('input', () => CommentIdInput, INPUT) input: CommentIdInput, @Ctx() ctx: Context) {
    return { comment: await ctx.services.moderation.unhide(ctx.viewer, input) };
  }

  @Mutation(() => CommentPayload, { description: 'Publish a PENDING comment. MODERATOR+.' })
  async approveComment(@Arg('input', () => CommentIdInput, INPUT) input: CommentIdInput, @Ctx() ctx: Context) {
    return { comment: await ctx.services.moderation.approve(ctx.viewer, input) };
  }

  @Mutation(() => CommentPayload, { description: 'Turn down a PENDING comment: it becomes HIDDEN (SPAM). MODERATOR+.' })
  async rejectComment(@Arg('input', () => CommentIdInput, INPUT) input: CommentIdInput, @Ctx() ctx: Context) {
    return { comment: await ctx.services.moderation.reject(ctx.viewer, input) };
  }

  @Mutation(() => FlagPayload, { description: 'Accept a flag (hides the comment) or dismiss it. MODERATOR+.' })
  async resolveFlag(@Arg('input', () => ResolveFlagInput, INPUT) input: ResolveFlagInput, @Ctx() ctx: Context) {
    return { flag: await ctx.services.moderation.resolveFlag(ctx.viewer, input) };
  }

  @Mutation(() => ArticlePayload, { description: 'Lock or unlock the comments of an article, with a reason shown to readers. MODERATOR+.' })
  async lockArticleComments(@Arg('input', () => LockArticleInput, INPUT) input: LockArticleInput, @Ctx() ctx: Context) {
    return { article: await ctx.services.moderation.lockArticle(ctx.viewer, input) };
  }

  @Mutation(() => UserPayload, { description: 'Suspend a user until a time: a suspended account can read (its notifications too), sign in, sign out and revoke its own API tokens; every other mutation answers FORBIDDEN with `extensions.reason` VIEWER_SUSPENDED. MODERATOR+ for members; staff accounts (AGENT, MODERATOR, ADMIN) by ADMIN only; never one’s own account.' })
  async suspendUser(@Arg('input', () => SuspendUserInput, INPUT) input: SuspendUserInput, @Ctx() ctx: Context) {
    return { user: await ctx.services.moderation.suspend(ctx.viewer, input) };
  }

  @Mutation(() => UserPayload, { description: 'Ban a user: their sessions and API tokens end at once and they cannot sign in. MODERATOR+ for members; staff accounts (AGENT, MODERATOR, ADMIN) by ADMIN only; never one’s own account.' })
  async banUser(@Arg('input', () => BanUserInput, INPUT) input: BanUserInput, @Ctx() ctx: Context) {
    return { user: await ctx.services.moderation.ban(ctx.viewer, input) };
  }

  @Mutation(() => UserPayload, { description: 'End a suspension or ban. MODERATOR+ for members; staff accounts (AGENT, MODERATOR, ADMIN) by ADMIN only; never one’s own account.' })
  async reinstateUser(@Arg('input', () => UserIdInput, INPUT) input: UserIdInput, @Ctx() ctx: Context) {
    return { user: await ctx.services.moderation.reinstate(ctx.viewer, input) };
  }

  @Mutation(() => UserPayload, { description: 'Change a user’s role. ADMIN only (on staff and members alike); never one’s own account.' })
  async setUserRole(@Arg('input', () => SetUserRoleInput, INPUT) input: SetUserRoleInput, @Ctx() ctx: Context) {
    return { user: await ctx.services.moderation.setRole(ctx.viewer, input) };
  }
}

@Resolver(() => ModerationQueueItem)
export class ModerationQueueItemResolver {
  @FieldResolver(() => Comment, { description: 'The comment.' })
  comment(@Root() item: QueueItemRow, @Ctx() ctx: Context) {
    return ctx.loaders.comments.byId.load(item.commentId);
  }

  @FieldResolver(() => [Flag], { description: 'Its flags with the requested status, newest first.' })
  flags(@Root() item: QueueItemRow, @Ctx() ctx: Context) {
    return ctx.db.query(
      `select ${selectColumns(ctx.db, FlagEntity, 'f')} from flags f where f.comment_id = $1 and f.status = $2 order by f.created_at desc, f.id desc`,
      [item.commentId, item.flagStatus],
    );
  }

  @FieldResolver(() => [FlagReasonEnum], { description: 'The distinct reasons given.' })
  reasons(@Root() item: QueueItemRow) {
    return item.reasons ?? [];
  }
}

@Resolver(() => Flag)
export class FlagResolver {
  @FieldResolver(() => ID, { description: 'The opaque global id of the flag.' })
  id(@Root() row: FlagEntity) {
    return toGlobalId('Flag', row.id);
  }

  @FieldResolver(() => Comment, { description: 'The flagged comment.' })
  async comment(@Root() row: FlagEntity, @Ctx() ctx: Context) {
    return ctx.loaders.comments.byId.load(row.commentId);
  }

  @FieldResolver(() => User, { description: 'Who flagged it.' })
  reporter(@Root() row: FlagEntity, @Ctx() ctx: Context) {
    return ctx.loaders.users.byId.load(row.reporterId);
  }

  @FieldResolver(() => User, { nullable: true, description: 'The moderator who resolved it.' })
  resolvedBy(@Root() row: FlagEntity, @Ctx() ctx: Context) {
    return row.resolvedBy ? ctx.loaders.users.byId.load(row.resolvedBy) : null;
  }
}

@Resolver(() => ModerationAction)
export class ModerationActionResolver {
  @FieldResolver(() => ID, { description: 'The opaque global id of the entry.' })
  id(@Root() row: ModerationActionEntity) {
    return toGlobalId('ModerationAction', row.id);
  }

  @FieldResolver(() => User, { nullable: true, description: 'Who did it; null for an automatic action (`isAutomatic`: Atrium itself, e.g. the hide after enough flags).' })
  moderator(@Root() row: ModerationActionEntity, @Ctx() ctx: Context) {
    return row.moderatorId ? ctx.loaders.users.byId.load(row.moderatorId) : null;
  }

  @FieldResolver(() => User, { nullable: true, description: 'The member the action concerns: the target user, the author of the target comment, or the author of the flagged comment (also for deleted comments); null for articles.' })
  targetUser(@Root() row: ModerationActionRow, @Ctx() ctx: Context) {
    return row.targetUserId ? ctx.loaders.users.byId.load(row.targetUserId) : null;
  }

  @FieldResolver(() => Node, { nullable: true, description: 'What it was done to: a Comment, Article, User or Flag.' })
  async target(@Root() row: ModerationActionEntity, @Ctx() ctx: Context) {
    let target: object | null = null;
    if (row.targetType === 'Comment') target = await ctx.loaders.comments.byId.load(row.targetId);
    else if (row.targetType === 'Article') target = await ctx.loaders.articles.byId.load(row.targetId);
    else if (row.targetType === 'User') target = await ctx.loaders.users.byId.load(row.targetId);
    else if (row.targetType === 'Flag') target = await ctx.loaders.moderation.flagById.load(row.targetId);
    return target ? asNode(row.targetType, { ...target }) : null;
  }
}

