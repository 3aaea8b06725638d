import type { EntityManager } from 'typeorm';
import { authorize } from '../../graphql/authorization.js';
import { AUTHORIZATION_BEYOND_FIELDS } from '../authorization.js';
import type { Db } from '../../db/data-source.js';
import { selectColumns } from '../../db/columns.js';
import { BadUserInputError, ForbiddenError, NotFoundError } from '../../graphql/errors.js';
import { decodeId } from '../../graphql/global-id.js';
import { constraintOf, inTransaction, sqlState } from '../../lib/tx.js';
import { hasRole, type Viewer } from '../../lib/viewer.js';
import type { CommentRef } from '../../events/catalog.js';
import { noEvents, type EventRecorder } from '../../events/event-log.js';
import type { ArticleEntity } from '../article/article.entity.js';
import { assertCanActOnUser, assertCanWrite } from '../user/user.policy.js';
import type { ArticleService } from '../article/article.service.js';
import type { AuthService } from '../auth/auth.service.js';
import type { CommentEntity, HideReason } from '../comment/comment.entity.js';
import { canSeeComment } from '../comment/comment.policy.js';
import type { CommentService, ModerationEvent } from '../comment/comment.service.js';
import type { UserService } from '../user/user.service.js';
import { UserEntity, type Role } from '../user/user.entity.js';
import { FlagEntity, type FlagReason, type ModerationActionKind } from './moderation.entity.js';

export const MODERATION_QUEUE = 'MODERATION_QUEUE';

/** What the moderation queue subscription carries: the comment whose queue item changed. */
export interface ModerationQueueMessage {
  kind: 'ADDED' | 'UPDATED' | 'RESOLVED';
  commentId: string;
}

const FLAG_TO_HIDE: Record<FlagReason, HideReason | null> = { SPAM: 'SPAM', ABUSE: 'ABUSE', OFF_TOPIC: 'OFF_TOPIC', OTHER: null };

/**
 * Every moderator action: the change, its ModerationAction row and its domain events in one
 * transaction (the moderation queue's live events follow from those). Also flags and the
 * automatic hide after N distinct flags.
 */
export class ModerationService {
  constructor(
    private readonly db: Db,
    private readonly config: { flagHideThreshold: number },
    private readonly comments: CommentService,
    private readonly articles: ArticleService,
    private readonly auth: AuthService,
    private readonly users: UserService,
    private readonly events: EventRecorder = noEvents,
  ) {
    // a comment held for approval enters the queue through its own ADDED event (see moderation.subscriptions)
  }

  assertModerator(viewer: Viewer | null): asserts viewer is Viewer {
    assertCanWrite(viewer);
    if (!hasRole(viewer, 'MODERATOR')) throw new ForbiddenError('Only moderators can do this.');
  }

  /** A moderation log row; `moderator` null is an automatic action (Atrium itself). */
  private async log(
    tx: EntityManager,
    moderator: Viewer | null,
    action: ModerationActionKind,
    target: { type: 'Comment' | 'Article' | 'User' | 'Flag'; id: string; commentId?: string; articleId?: string },
    reason: string | null,
    details: Record<string, unknown> = {},
  ) {
    await tx.query(
      `insert into moderation_actions (moderator_id, automatic, action, target_type, target_id, reason, details) values ($1, $2, $3, $4, $5, $6, $7)`,
      [moderator?.id ?? null, moderator === null, action, target.type, target.id, reason, JSON.stringify(details)],
    );
    await this.events.record(tx, 'moderation.action', {
      action,
      actorId: moderator?.id ?? null,
      automatic: moderator === null,
      targetType: target.type,
      targetId: target.id,
      commentId: target.commentId ?? (target.type === 'Comment' ? target.id : null),
      articleId: target.articleId ?? (target.type === 'Article' ? target.id : null),
    });
  }

  /** The ids a comment event carries, read in `tx`. */
  private async commentRef(tx: EntityManager, commentId: string, actorId: string | null): Promise<CommentRef> {
    const [r]: Array<Omit<CommentRef, 'actorId'>> = await tx.query(
      `select c.id as "commentId", c.article_id as "articleId", a.section_id as "sectionId", c.path, c.author_id as "authorId"
       from comments c join articles a on a.id = c.article_id where c.id = $1`,
      [commentId],
    );
    return { ...r, actorId };
  }

  private async resolveOpenFlags(tx: EntityManager, moderator: Viewer, commentId: string, status: 'ACCEPTED' | 'DISMISSED') {
    await tx.query(`update flags set status = $3, resolved_by = $2, resolved_at = now() where comment_id = $1 and status = 'OPEN'`, [commentId, moderator.id, status]);
  }

  /** hide / unhide / approve / reject: the status change, its log row, flag resolution, then events. */
  private async changeStatus(
    viewer: Viewer | null,
    commentId: string,
    spec: { action: ModerationActionKind; event: ModerationEvent; from: CommentEntity['status'][]; to: CommentEntity['status']; hideReason?: HideReason | null; flags: 'ACCEPTED' | 'DISMISSED' | null },
  ): Promise<CommentEntity> {
    this.assertModerator(viewer);
    const uuid = decodeId(commentId, 'Comment', 'commentId');
    return inTransaction(this.db, async (tx) => {
      const result = await this.comments.moderate(tx, viewer, uuid, { from: spec.from, to: spec.to, hideReason: spec.hideReason, event: spec.event });
      await this.comments.setHiddenByFlags(tx, uuid, false);
      if (spec.flags) await this.resolveOpenFlags(tx, viewer, uuid, spec.flags);
      await this.log(tx, viewer, spec.action, { type: 'Comment', id: uuid, articleId: result.articleId }, spec.hideReason ?? null);
      return result;
    });
  }

  hide(viewer: Viewer | null, input: { commentId: string; reason: HideReason }) {
    return this.changeStatus(viewer, input.commentId, { action: 'HIDE_COMMENT', event: 'comment.hidden', from: ['PUBLISHED', 'PENDING'], to: 'HIDDEN', hideReason: input.reason, flags: 'ACCEPTED' });
  }
  unhide(viewer: Viewer | null, input: { commentId: string }) {
    return this.changeStatus(viewer, input.commentId, { action: 'UNHIDE_COMMENT', event: 'comment.unhidden', from: ['HIDDEN'], to: 'PUBLISHED', flags: 'DISMISSED' });
  }
  approve(viewer: Viewer | null, input: { commentId: string }) {
    return this.changeStatus(viewer, input.commentId, { action: 'APPROVE_COMMENT', event: 'comment.approved', from: ['PENDING'], to: 'PUBLISHED', flags: null });
  }
  reject(viewer: Viewer | null, input: { commentId: string }) {
    return this.changeStatus(viewer, input.commentId, { action: 'REJECT_COMMENT', event: 'comment.rejected', from: ['PENDING'], to: 'HIDDEN', hideReason: 'SPAM', flags: 'ACCEPTED' });
  }

  /** The author deletes their own; a moderator's deletion of someone else's is logged. */
  async deleteComment(viewer: Viewer | null, commentId: string): Promise<CommentEntity> {
    return this.comments.delete(viewer, { commentId }, async (tx, c) => {
      authorize(viewer, AUTHORIZATION_BEYOND_FIELDS.deleteOthersComment); // an API token needs MODERATE for this
      await this.resolveOpenFlags(tx, viewer!, c.id, 'ACCEPTED');
      await this.log(tx, viewer!, 'DELETE_COMMENT', { type: 'Comment', id: c.id, articleId: c.articleId }, null);
    });
  }

  async flag(viewer: Viewer | null, input: { commentId: string; reason: FlagReason; note?: string | null }): Promise<FlagEntity> {
    assertCanWrite(viewer);
    const uuid = decodeId(input.commentId, 'Comment', 'commentId');
    const note = input.note?.trim() || null;
    if (note && note.length > 1000) throw new BadUserInputError('note is at most 1,000 characters.', { field: 'note' });
    return inTransaction(this.db, async (tx) => {
      const [c]: CommentEntity[] = await tx.query(`select id, author_id as "authorId", status, tombstone, article_id as "articleId" from comments where id = $1 for update`, [uuid]);
      if (!c || !canSeeComment(viewer, c)) throw new NotFoundError('comment');
      if (c.authorId === viewer.id) throw new ForbiddenError('You cannot flag your own comment.');
      if (c.status !== 'PUBLISHED') throw new BadUserInputError('Only published comments can be flagged.', { field: 'commentId', status: c.status });
      const rows: FlagEntity[] = await tx
        .query(
          `insert into flags (comment_id, reporter_id, reason, note) values ($1, $2, $3, $4) returning ${selectColumns(this.db, FlagEntity, 'flags')}`,
          [uuid, viewer.id, input.reason, note],
        )
        .catch((err: unknown) => {
          if (sqlState(err) === '23505' && constraintOf(err) === 'flags_comment_reporter_key') {
            throw new BadUserInputError('You have already flagged this comment.', { field: 'commentId' });
          }
          throw err;
        });
      const [{ open, reason }] = await tx.query(
        `select count(*)::int as open, mode() within group (order by reason) as reason from flags where comment_id = $1 and status = 'OPEN'`,
        [uuid],
      );
      if (open >= this.config.flagHideThreshold) {
        // enough distinct members agree: hidden until a moderator decides
        await this.comments.moderate(tx, viewer, uuid, { from: ['PUBLISHED'], to: 'HIDDEN', hideReason: FLAG_TO_HIDE[reason as FlagReason], event: 'comment.hidden' }, { system: true });
        await this.comments.setHiddenByFlags(tx, uuid, true);
        await this.log(tx, null, 'HIDE_COMMENT', { type: 'Comment', id: uuid, articleId: c.articleId }, FLAG_TO_HIDE[reason as FlagReason], { flags: open, flagReason: reason });
      }
      await this.events.record(tx, 'comment.flagged', { ...(await this.commentRef(tx, uuid, viewer.id)), flagId: rows[0].id, reason: input.reason, openFlags: open });
      return rows[0];
    });
  }

  async resolveFlag(viewer: Viewer | null, input: { flagId: string; accept: boolean }): Promise<FlagEntity> {
    this.assertModerator(viewer);
    const uuid = decodeId(input.flagId, 'Flag', 'flagId');
    return inTransaction(this.db, async (tx) => {
      const [f]: FlagEntity[] = await tx.query(`select ${selectColumns(this.db, FlagEntity, 'f')} from flags f where f.id = $1 for update`, [uuid]);
      if (!f) throw new NotFoundError('flag');
      if (f.status !== 'OPEN') throw new BadUserInputError(`The flag is already ${f.status}.`, { field: 'flagId', status: f.status });
      const [c]: CommentEntity[] = await tx.query('select status, hidden_by_flags as "hiddenByFlags" from comments where id = $1', [f.commentId]);
      if (input.accept) {
        if (c.status === 'PUBLISHED') {
          await this.comments.moderate(tx, viewer, f.commentId, { from: ['PUBLISHED'], to: 'HIDDEN', hideReason: FLAG_TO_HIDE[f.reason], event: 'comment.hidden' });
        }
        await this.comments.setHiddenByFlags(tx, f.commentId, false);
        await this.resolveOpenFlags(tx, viewer, f.commentId, 'ACCEPTED');
      } else {
        await tx.query(`update flags set status = 'DISMISSED', resolved_by = $2, resolved_at = now() where id = $1`, [uuid, viewer.id]);
        const [{ open }] = await tx.query(`select count(*)::int as open from flags where comment_id = $1 and status = 'OPEN'`, [f.commentId]);
        if (open === 0 && c.status === 'HIDDEN' && c.hiddenByFlags) {
          // the automatic hide ends with the moderator's decision
          await this.comments.moderate(tx, viewer, f.commentId, { from: ['HIDDEN'], to: 'PUBLISHED', event: 'comment.unhidden' });
          await this.comments.setHiddenByFlags(tx, f.commentId, false);
        }
      }
      const ref = await this.commentRef(tx, f.commentId, viewer.id);
      await this.log(tx, viewer, input.accept ? 'ACCEPT_FLAG' : 'DISMISS_FLAG', { type: 'Flag', id: uuid, commentId: f.commentId, articleId: ref.articleId }, f.reason, { commentId: f.commentId });
      await this.events.record(tx, 'flag.resolved', { ...ref, flagId: uuid, accepted: input.accept });
      const [updated]: FlagEntity[] = await tx.query(`select ${selectColumns(this.db, FlagEntity, 'f')} from flags f where f.id = $1`, [uuid]);
      return updated;
    });
  }

  async lockArticle(viewer: Viewer | null, input: { articleId: string; locked: boolean; reason?: string | null }): Promise<ArticleEntity> {
    this.assertModerator(viewer);
    const reason = optionalReason(input.reason);
    return inTransaction(this.db, async (tx) => {
      const article = await this.articles.lockVisible(tx, viewer, input.articleId);
      const updated = await this.articles.setCommentsLocked(tx, article.id, input.locked, reason, viewer.id);
      await this.log(tx, viewer, input.locked ? 'LOCK_ARTICLE' : 'UNLOCK_ARTICLE', { type: 'Article', id: article.id }, reason);
      return updated;
    });
  }

  /** The target account, locked, once the user policy lets the viewer act on it (staff: admins only; never oneself). */
  private async lockTargetUser(tx: EntityManager, viewer: Viewer, userId: string): Promise<UserEntity> {
    const uuid = decodeId(userId, 'User', 'userId');
    const [user]: UserEntity[] = await tx.query(`select ${selectColumns(this.db, UserEntity, 'u')} from users u where u.id = $1 for update`, [uuid]);
    if (!user) throw new NotFoundError('user');
    assertCanActOnUser(viewer, user);
    return user;
  }

  /** Status changes are the user service's to write (the only writer of users). */
  private setStatus(tx: EntityManager, userId: string, status: UserEntity['status'], until: Date | null, reason: string | null): Promise<UserEntity> {
    return this.users.setStatus(tx, userId, status, until, reason);
  }

  async suspend(viewer: Viewer | null, input: { userId: string; until: Date; reason: string }): Promise<UserEntity> {
    this.assertModerator(viewer);
    const reason = input.reason.trim();
    if (!reason || reason.length > 500) throw new BadUserInputError('reason must be 1..500 characters.', { field: 'reason' });
    if (!(input.until instanceof Date) || input.until.getTime() <= Date.now()) throw new BadUserInputError('until must be in the future.', { field: 'until' });
    return inTransaction(this.db, async (tx) => {
      const user = await this.lockTargetUser(tx, viewer, input.userId);
      if (user.status === 'BANNED') throw new BadUserInputError('The user is banned; reinstate them first.', { field: 'userId' });
      const updated = await this.setStatus(tx, user.id, 'SUSPENDED', input.until, reason);
      await this.log(tx, viewer, 'SUSPEND_USER', { type: 'User', id: user.id }, reason, { until: input.until.toISOString() });
      await this.events.record(tx, 'user.suspended', { userId: user.id, actorId: viewer.id, until: input.until.toISOString() });
      return updated;
    });
  }

  async ban(viewer: Viewer | null, input: { userId: string; reason?: string | null }): Promise<UserEntity> {
    this.assertModerator(viewer);
    const reason = optionalReason(input.reason);
    return inTransaction(this.db, async (tx) => {
      const user = await this.lockTargetUser(tx, viewer, input.userId);
      const updated = await this.setStatus(tx, user.id, 'BANNED', null, reason);
      await this.auth.revokeAll(tx, user.id);
      await this.log(tx, viewer, 'BAN_USER', { type: 'User', id: user.id }, reason);
      await this.events.record(tx, 'user.banned', { userId: user.id, actorId: viewer.id });
      // after the commit the user's open sockets close everywhere
      await this.auth.credentialsRevoked(tx, user.id, null, viewer.id);
      return updated;
    });
  }

  async reinstate(viewer: Viewer | null, input: { userId: string }): Promise<UserEntity> {
    this.assertModerator(viewer);
    return inTransaction(this.db, async (tx) => {
      const user = await this.lockTargetUser(tx, viewer, input.userId);
      const updated = await this.setStatus(tx, user.id, 'ACTIVE', null, null);
      await this.log(tx, viewer, 'REINSTATE_USER', { type: 'User', id: user.id }, null, { previous: user.status });
      await this.events.record(tx, 'user.reinstated', { userId: user.id, actorId: viewer.id, previous: user.status });
      return updated;
    });
  }

  async setRole(viewer: Viewer | null, input: { userId: string; role: Role }): Promise<UserEntity> {
    assertCanWrite(viewer);
    if (!hasRole(viewer, 'ADMIN')) throw new ForbiddenError('Only admins can change roles.');
    return inTransaction(this.db, async (tx) => {
      const user = await this.lockTargetUser(tx, viewer, input.userId);
      const row = await this.users.setRole(tx, user.id, input.role);
      await this.log(tx, viewer, 'SET_ROLE', { type: 'User', id: user.id }, null, { from: user.role, to: input.role });
      await this.events.record(tx, 'user.role_changed', { userId: user.id, actorId: viewer.id, from: user.role, to: input.role });
      // after the commit the user's open sockets close (they reconnect as who they are now)
      await this.auth.credentialsRevoked(tx, user.id, null, viewer.id);
      return row;
    });
  }
}

/** A moderator's optional reason (lock, ban): trimmed, empty is none, at most 500 characters like a suspension's. */
function optionalReason(input: string | null | undefined): string | null {
  const reason = input?.trim() || null;
  if (reason && reason.length > 500) throw new BadUserInputError('reason is at most 500 characters.', { field: 'reason' });
  return reason;
}
