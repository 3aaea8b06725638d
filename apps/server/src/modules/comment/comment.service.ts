import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Config } from '../../config.js';
import type { Db } from '../../db/data-source.js';
import { returningRows, selectColumns } from '../../db/columns.js';
import { BadUserInputError, ForbiddenError, NotFoundError } from '../../graphql/errors.js';
import { decodeId } from '../../graphql/global-id.js';
import { containsLink, renderMarkdown } from '../../lib/markdown.js';
import { inTransaction } from '../../lib/tx.js';
import { isStaff, type Viewer } from '../../lib/viewer.js';
import type { CommentChange, DomainEvents } from '../../events/catalog.js';
import { noEvents, type EventRecorder } from '../../events/event-log.js';
import { ArticleEntity } from '../article/article.entity.js';
import { canSeeArticle } from '../article/article.policy.js';
import { assertCanWrite, mustVerifyEmailToComment } from '../user/user.policy.js';
import type { ArticleService } from '../article/article.service.js';
import { CommentEntity, type CommentStatus, type HideReason } from './comment.entity.js';
import { canBeAnswer, canDeleteComment, canEditComment, canMarkAnswer, canSeeComment, counterContribution } from './comment.policy.js';
import { VOTE_EVENT_RETENTION_MS } from './comment.queries.js';

/** A comment as another help center had it (see CommentService.importComments). */
export interface ImportedComment {
  existingId: string | null;
  articleId: string;
  authorId: string;
  /** Markdown. */
  body: string;
  isOfficial: boolean;
  upvotes: number;
  downvotes: number;
  createdAt: Date;
  updatedAt: Date;
  editedAt: Date | null;
}

/** A +1/-1 vote on an article or comment, as another help center had it. */
export interface ImportedVote {
  itemId: string;
  userId: string;
  value: 1 | -1;
  createdAt: Date;
  updatedAt: Date;
}

type State = { status: CommentStatus; tombstone: boolean };

type CommentEventName = { [K in keyof DomainEvents]: DomainEvents[K] extends CommentChange ? K : never }[keyof DomainEvents];

/** The moderation events a status change records (see moderate()). */
export type ModerationEvent = 'comment.hidden' | 'comment.unhidden' | 'comment.approved' | 'comment.rejected';

/**
 * The sole writer of comments and comment votes. Every change records its domain event in its
 * transaction (events/catalog.ts); live updates and notifications follow from those.
 */
export class CommentService {

  constructor(
    private readonly db: Db,
    private readonly config: Pick<Config, 'commentMaxDepth' | 'commentMaxLength'> & Partial<Pick<Config, 'requireVerifiedEmailToComment'>>,
    private readonly articles: ArticleService,
    private readonly events: EventRecorder = noEvents,
  ) {}

  private cleanBody(body: string): string {
    const trimmed = body.trim();
    if (!trimmed) throw new BadUserInputError('The comment is empty.', { field: 'body' });
    if (body.length > this.config.commentMaxLength) {
      throw new BadUserInputError(`A comment is at most ${this.config.commentMaxLength} characters.`, { field: 'body', maxLength: this.config.commentMaxLength });
    }
    return trimmed;
  }

  private async lockComment(tx: EntityManager, viewer: Viewer | null, commentId: string): Promise<CommentEntity> {
    const uuid = decodeId(commentId, 'Comment', 'commentId');
    const [row]: CommentEntity[] = await tx.query(
      `select ${selectColumns(this.db, CommentEntity, 'c')} from comments c where c.id = $1 for update`,
      [uuid],
    );
    if (!row || !canSeeComment(viewer, row)) throw new NotFoundError('comment');
    return row;
  }

  private async lockArticle(tx: EntityManager, articleId: string): Promise<ArticleEntity> {
    const [row]: ArticleEntity[] = await tx.query(
      `select ${selectColumns(this.db, ArticleEntity, 'a')} from articles a where a.id = $1 for update`,
      [articleId],
    );
    return row;
  }

  /** Keeps the article's and the parent's counters in step with a status change. */
  private async applyCounters(tx: EntityManager, c: Pick<CommentEntity, 'articleId' | 'parentId'>, before: State | null, after: State | null) {
    const b = before ? counterContribution(before.status, before.tombstone) : { article: 0, articleAll: 0, reply: 0, replyAll: 0 };
    const a = after ? counterContribution(after.status, after.tombstone) : { article: 0, articleAll: 0, reply: 0, replyAll: 0 };
    // a top-level comment counts on the article as its parent's replies do on the parent
    const top = c.parentId ? { pub: 0, all: 0 } : { pub: a.reply - b.reply, all: a.replyAll - b.replyAll };
    // the article's counters are the article service's to write
    await this.articles.applyCommentCounters(tx, c.articleId, { published: a.article - b.article, all: a.articleAll - b.articleAll, topPublished: top.pub, topAll: top.all });
    if (c.parentId && (a.reply !== b.reply || a.replyAll !== b.replyAll)) {
      const [parent]: Array<Pick<CommentEntity, 'id' | 'articleId' | 'parentId' | 'status' | 'tombstone' | 'replyCount'>> = await returningRows(
        tx,
        `update comments set reply_count = reply_count + $2, reply_count_all = reply_count_all + $3 where id = $1
         returning id, article_id as "articleId", parent_id as "parentId", status, tombstone, reply_count as "replyCount"`,
        [c.parentId, a.reply - b.reply, a.replyAll - b.replyAll],
      );
      // a hidden comment that now has a reply everyone sees stays as a placeholder above it
      if (parent && parent.status === 'HIDDEN' && !parent.tombstone && parent.replyCount > 0) {
        await tx.query('update comments set tombstone = true where id = $1', [parent.id]);
        await this.applyCounters(tx, parent, { status: 'HIDDEN', tombstone: false }, { status: 'HIDDEN', tombstone: true });
      }
    }
  }

  /** Records a comment event in `tx` (`sectionId`: the article's; `extra`: what the event adds to CommentChange). */
  private record<K extends CommentEventName>(tx: EntityManager, type: K, c: CommentEntity, sectionId: string, actorId: string | null, before: State | null, extra: Omit<DomainEvents[K], keyof CommentChange>): Promise<string> {
    const change: CommentChange = {
      commentId: c.id,
      articleId: c.articleId,
      sectionId,
      path: c.path,
      authorId: c.authorId,
      actorId,
      before,
      after: { status: c.status, tombstone: c.tombstone },
    };
    return this.events.record(tx, type, { ...change, ...extra } as never);
  }

  /** Marks whether the comment's hidden state came from enough flags (the moderation service decides; this service writes comments). */
  async setHiddenByFlags(tx: EntityManager, commentId: string, hiddenByFlags: boolean): Promise<void> {
    await tx.query('update comments set hidden_by_flags = $2 where id = $1', [commentId, hiddenByFlags]);
  }

  /** Why the viewer may not comment on an article (empty: they may). */
  cannotCommentReasons(viewer: Viewer | null, article: Pick<ArticleEntity, 'status' | 'commentsLocked'>) {
    const reasons: Array<'SIGN_IN_REQUIRED' | 'COMMENTS_LOCKED' | 'ARTICLE_NOT_PUBLISHED' | 'VIEWER_SUSPENDED' | 'VIEWER_BANNED' | 'EMAIL_NOT_VERIFIED'> = [];
    if (!viewer) reasons.push('SIGN_IN_REQUIRED');
    if (article.status !== 'PUBLISHED') reasons.push('ARTICLE_NOT_PUBLISHED');
    if (article.commentsLocked && !isStaff(viewer)) reasons.push('COMMENTS_LOCKED');
    if (viewer?.status === 'SUSPENDED') reasons.push('VIEWER_SUSPENDED');
    if (viewer?.status === 'BANNED') reasons.push('VIEWER_BANNED');
    if (viewer && mustVerifyEmailToComment(viewer, this.config)) reasons.push('EMAIL_NOT_VERIFIED');
    return reasons;
  }

  async add(viewer: Viewer | null, input: { articleId: string; parentId?: string | null; body: string }): Promise<CommentEntity> {
    assertCanWrite(viewer);
    const body = this.cleanBody(input.body);
    const articleUuid = decodeId(input.articleId, 'Article', 'articleId');
    const parentUuid = input.parentId != null ? decodeId(input.parentId, 'Comment', 'parentId') : null;
    return inTransaction(this.db, async (tx) => {
      const article = await this.lockArticle(tx, articleUuid);
      if (!article || !canSeeArticle(viewer, article)) throw new NotFoundError('article');
      const reasons = this.cannotCommentReasons(viewer, article);
      if (reasons.length === 1 && reasons[0] === 'EMAIL_NOT_VERIFIED') {
        throw new ForbiddenError('Verify your email address to comment: open the link we mailed you, or ask for a new one from your account page.', { reason: 'EMAIL_NOT_VERIFIED', reasons });
      }
      if (reasons.length) {
        throw new ForbiddenError(reasons.includes('COMMENTS_LOCKED') ? `Comments on this article are locked${article.commentsLockReason ? `: ${article.commentsLockReason}` : '.'}` : 'You cannot comment on this article.', { reasons });
      }
      let parent: CommentEntity | null = null;
      if (parentUuid) {
        const [p]: CommentEntity[] = await tx.query(`select ${selectColumns(this.db, CommentEntity, 'c')} from comments c where c.id = $1 for update`, [parentUuid]);
        if (!p || p.articleId !== article.id || !canSeeComment(viewer, p)) throw new NotFoundError('parent comment');
        if (p.status !== 'PUBLISHED' && !isStaff(viewer)) throw new ForbiddenError('You can only reply to published comments.');
        // at the depth limit a reply joins its parent's thread instead (like "continue this thread")
        if (p.depth >= this.config.commentMaxDepth - 1 && p.parentId) {
          const [gp]: CommentEntity[] = await tx.query(`select ${selectColumns(this.db, CommentEntity, 'c')} from comments c where c.id = $1 for update`, [p.parentId]);
          parent = gp;
        } else {
          parent = p;
        }
      }
      const staff = isStaff(viewer);
      let status: CommentStatus = 'PUBLISHED';
      if (!staff && containsLink(body)) {
        const [{ trusted }] = await tx.query(
          `select exists (select 1 from comments where author_id = $1 and status = 'PUBLISHED') as trusted`,
          [viewer.id],
        );
        if (!trusted) status = 'PENDING';
      }
      const id = randomUUID();
      const [row]: CommentEntity[] = await tx.query(
        `insert into comments (id, article_id, parent_id, path, depth, author_id, body, body_html, status, is_official)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         returning ${selectColumns(this.db, CommentEntity, 'comments')}`,
        [id, article.id, parent?.id ?? null, [...(parent?.path ?? []), id], parent ? parent.depth + 1 : 0, viewer.id, body, renderMarkdown(body), status, staff],
      );
      await this.applyCounters(tx, row, null, { status, tombstone: false });
      await this.record(tx, 'comment.created', row, article.sectionId, viewer.id, null, {});
      return row;
    });
  }

  async update(viewer: Viewer | null, input: { commentId: string; body: string }): Promise<CommentEntity> {
    assertCanWrite(viewer);
    const body = this.cleanBody(input.body);
    return inTransaction(this.db, async (tx) => {
      const current = await this.lockComment(tx, viewer, input.commentId);
      const [article]: Array<Pick<ArticleEntity, 'commentsLocked' | 'sectionId'>> = await tx.query('select comments_locked as "commentsLocked", section_id as "sectionId" from articles where id = $1', [current.articleId]);
      if (current.authorId !== viewer.id) throw new ForbiddenError('Only the author can edit a comment.');
      if (!canEditComment(viewer, current, article.commentsLocked)) {
        throw new ForbiddenError(article.commentsLocked ? 'Comments on this article are locked.' : 'This comment can no longer be edited.');
      }
      if (body === current.body) return current;
      await tx.query('insert into comment_revisions (comment_id, editor_id, body, created_at) values ($1, $2, $3, coalesce($4::timestamptz, $5::timestamptz))', [
        current.id, viewer.id, current.body, current.editedAt, current.createdAt,
      ]);
      const [row] = await returningRows<CommentEntity>(
        tx,
        `update comments c set body = $2, body_html = $3, edited_at = now(), updated_at = now() where c.id = $1
         returning ${selectColumns(this.db, CommentEntity, 'c')}`,
        [current.id, body, renderMarkdown(body)],
      );
      await this.record(tx, 'comment.edited', row, article.sectionId, viewer.id, { status: current.status, tombstone: current.tombstone }, {});
      return row;
    });
  }

  async delete(viewer: Viewer | null, input: { commentId: string }, audit?: (tx: EntityManager, c: CommentEntity) => Promise<void>): Promise<CommentEntity> {
    assertCanWrite(viewer);
    return inTransaction(this.db, async (tx) => {
      // article first, then the comment: the same lock order as add(), so they cannot deadlock
      const uuid = decodeId(input.commentId, 'Comment', 'commentId');
      const [probe]: Array<{ articleId: string }> = await tx.query('select article_id as "articleId" from comments where id = $1', [uuid]);
      if (!probe) throw new NotFoundError('comment');
      const article = await this.lockArticle(tx, probe.articleId);
      const current = await this.lockComment(tx, viewer, input.commentId);
      if (current.status === 'DELETED') throw new NotFoundError('comment');
      if (!canDeleteComment(viewer, current)) throw new ForbiddenError('Only the author or a moderator can delete this comment.');
      const before: State = { status: current.status, tombstone: current.tombstone };
      const tombstone = current.replyCountAll > 0;
      const [row] = await returningRows<CommentEntity>(
        tx,
        `update comments c set status = 'DELETED', tombstone = $2, deleted_at = now(), updated_at = now(), removed_by = $3,
           accepted_by = null, accepted_at = null, accepted_answer_id = null where c.id = $1
         returning ${selectColumns(this.db, CommentEntity, 'c')}`,
        [current.id, tombstone, viewer.id === current.authorId ? 'AUTHOR' : 'MODERATOR'],
      );
      // a deleted answer is no longer its question's answer
      if (current.acceptedAt) await tx.query('update comments set accepted_answer_id = null where id = $1 and accepted_answer_id = $2', [current.path[0], current.id]);
      await this.applyCounters(tx, row, before, { status: 'DELETED', tombstone });
      await this.record(tx, 'comment.deleted', row, article.sectionId, viewer.id, before, { removedBy: row.removedBy ?? (viewer.id === current.authorId ? 'AUTHOR' : 'MODERATOR') });
      if (viewer.id !== current.authorId && audit) await audit(tx, row);
      return row;
    });
  }

  /**
   * A moderation status change (hide, unhide, approve, reject), in the caller's transaction
   * so the audit row commits with it; records `change.event` (`automatic`: the hide after
   * enough flags, by nobody).
   */
  async moderate(
    tx: EntityManager,
    viewer: Viewer,
    commentUuid: string,
    change: { from: CommentStatus[]; to: CommentStatus; hideReason?: HideReason | null; event: ModerationEvent },
    { system = false }: { system?: boolean } = {},
  ): Promise<CommentEntity> {
    const [probe]: CommentEntity[] = await tx.query('select article_id as "articleId" from comments where id = $1', [commentUuid]);
    if (!probe) throw new NotFoundError('comment');
    const article = await this.lockArticle(tx, probe.articleId);
    const [current]: CommentEntity[] = await tx.query(`select ${selectColumns(this.db, CommentEntity, 'c')} from comments c where c.id = $1 for update`, [commentUuid]);
    // system changes (the automatic hide after enough flags) act on what the flagger saw
    if (!current || (!system && !canSeeComment(viewer, current))) throw new NotFoundError('comment');
    if (!change.from.includes(current.status)) {
      throw new BadUserInputError(`The comment is ${current.status}; this action needs it ${change.from.join(' or ')}.`, { field: 'commentId', status: current.status });
    }
    const before: State = { status: current.status, tombstone: current.tombstone };
    // hidden with replies everyone sees: a placeholder keeps them in place (comment.policy)
    const tombstone = change.to === 'HIDDEN' && current.replyCount > 0;
    const [row] = await returningRows<CommentEntity>(
      tx,
      `update comments c set status = $2, hide_reason = $3, tombstone = $4, updated_at = now() where c.id = $1
       returning ${selectColumns(this.db, CommentEntity, 'c')}`,
      [current.id, change.to, change.to === 'HIDDEN' ? (change.hideReason ?? null) : null, tombstone],
    );
    await this.applyCounters(tx, row, before, { status: change.to, tombstone });
    const actorId = system ? null : viewer.id;
    if (change.event === 'comment.hidden') {
      await this.record(tx, 'comment.hidden', row, article.sectionId, actorId, before, { reason: row.hideReason ?? null, automatic: system });
    } else {
      await this.record(tx, change.event, row, article.sectionId, actorId, before, {});
    }
    return row;
  }

  /**
   * Marks a published reply as the answer to its thread's question (the top-level comment), or
   * unmarks it (`accepted: false`). A question has at most one answer: marking another replaces
   * it. Marking the answer again, or unmarking a comment that is not the answer, changes nothing.
   * Staff only (AGENT+). Records comment.answer_changed for the answer, the question and a replaced answer.
   */
  async setAnswer(viewer: Viewer | null, input: { commentId: string }, accepted: boolean): Promise<CommentEntity> {
    assertCanWrite(viewer);
    if (!canMarkAnswer(viewer)) throw new ForbiddenError('Only staff can mark or unmark answers.');
    const uuid = decodeId(input.commentId, 'Comment', 'commentId');
    return inTransaction(this.db, async (tx) => {
      // article, question, then the answer: the lock order of add() and delete()
      const [probe]: Array<{ articleId: string; path: string[] }> = await tx.query('select article_id as "articleId", path from comments where id = $1', [uuid]);
      if (!probe) throw new NotFoundError('comment');
      const article = await this.lockArticle(tx, probe.articleId);
      if (!article || !canSeeArticle(viewer, article)) throw new NotFoundError('comment');
      const [question]: CommentEntity[] = await tx.query(`select ${selectColumns(this.db, CommentEntity, 'c')} from comments c where c.id = $1 for update`, [probe.path[0]]);
      const current = await this.lockComment(tx, viewer, input.commentId);
      if (accepted && !canBeAnswer(current)) {
        throw new BadUserInputError(
          current.depth === 0 ? 'A question cannot be its own answer: mark a reply to it.' : `Only a published reply can be the answer; this one is ${current.status}.`,
          { field: 'commentId', status: current.status },
        );
      }
      const isAnswer = question.acceptedAnswerId === current.id;
      if (accepted === isAnswer) return current;
      const set = async (id: string, sql: string, params: unknown[]) => {
        const [row] = await returningRows<CommentEntity>(tx, `update comments c set ${sql}, updated_at = now() where c.id = $1 returning ${selectColumns(this.db, CommentEntity, 'c')}`, [id, ...params]);
        const state = { status: row.status, tombstone: row.tombstone };
        await this.record(tx, 'comment.answer_changed', row, article.sectionId, viewer.id, state, { accepted, questionId: question.id, answerId: current.id });
        return row;
      };
      if (question.acceptedAnswerId && question.acceptedAnswerId !== current.id) await set(question.acceptedAnswerId, 'accepted_by = null, accepted_at = null', []);
      const row = accepted ? await set(current.id, 'accepted_by = $2, accepted_at = now()', [viewer.id]) : await set(current.id, 'accepted_by = null, accepted_at = null', []);
      await set(question.id, 'accepted_answer_id = $2', [accepted ? current.id : null]);
      return row;
    });
  }

  async vote(viewer: Viewer | null, input: { commentId: string; value?: 'UP' | 'DOWN' | null }): Promise<CommentEntity & { viewerVoteValue: number | null }> {
    assertCanWrite(viewer);
    const value = input.value === 'UP' ? 1 : input.value === 'DOWN' ? -1 : null;
    const comment = await inTransaction(this.db, async (tx) => {
      // the comment row lock serializes votes on it, so the counter deltas are exact
      const current = await this.lockComment(tx, viewer, input.commentId);
      if (current.status !== 'PUBLISHED') throw new ForbiddenError('Only published comments take votes.');
      if (current.authorId === viewer.id) throw new ForbiddenError('You cannot vote on your own comment.');
      const [prev]: Array<{ value: number }> = await tx.query('select value from comment_votes where comment_id = $1 and user_id = $2', [current.id, viewer.id]);
      if (value === null) {
        if (prev) await tx.query('delete from comment_votes where comment_id = $1 and user_id = $2', [current.id, viewer.id]);
      } else {
        await tx.query(
          `insert into comment_votes (comment_id, user_id, value) values ($1, $2, $3)
           on conflict (comment_id, user_id) do update set value = excluded.value, updated_at = now()`,
          [current.id, viewer.id, value],
        );
      }
      const dUp = (value === 1 ? 1 : 0) - (prev?.value === 1 ? 1 : 0);
      const dDown = (value === -1 ? 1 : 0) - (prev?.value === -1 ? 1 : 0);
      if (dUp === 0 && dDown === 0) return { ...current, viewerVoteValue: value, changed: false };
      const [row] = await returningRows<CommentEntity>(
        tx,
        `update comments c set upvotes = upvotes + $2, downvotes = downvotes + $3 where c.id = $1
         returning ${selectColumns(this.db, CommentEntity, 'c')}`,
        [current.id, dUp, dDown],
      );
      await tx.query('insert into comment_vote_events (article_id, comment_id, d_up, d_down) values ($1, $2, $3, $4)', [
        current.articleId, current.id, dUp, dDown,
      ]);
      const [{ sectionId }]: Array<{ sectionId: string }> = await tx.query('select section_id as "sectionId" from articles where id = $1', [current.articleId]);
      const state = { status: row.status, tombstone: row.tombstone };
      // no actor: who voted stays private
      await this.record(tx, 'comment.voted', row, sectionId, null, state, { upvotes: row.upvotes, downvotes: row.downvotes });
      if (Math.random() < 0.01) {
        await tx.query(`delete from comment_vote_events where created_at < now() - make_interval(secs => $1)`, [VOTE_EVENT_RETENTION_MS / 1000]);
      }
      return { ...row, viewerVoteValue: value, changed: true };
    });
    const { changed: _changed, ...result } = comment;
    return result;
  }


  /**
   * Comments imported from another help center (the Zendesk importer), in the caller's
   * transaction, as top-level comments with their times and vote totals. New ones are
   * inserted in one statement and counted on their articles; `existingId` ones get their
   * body, totals and times updated. A body that breaks the comment rules is answered as
   * that item's `error` and nothing of it is written; the others go on.
   */
  async importComments(tx: EntityManager, items: readonly ImportedComment[]): Promise<Array<{ id: string; created: boolean } | { error: string }>> {
    const out: Array<{ id: string; created: boolean } | { error: string }> = [];
    const fresh: Array<ImportedComment & { id: string; body: string; html: string }> = [];
    for (const item of items) {
      let body: string;
      try {
        body = this.cleanBody(item.body);
        if (!(item.upvotes >= 0 && item.downvotes >= 0)) throw new BadUserInputError('vote totals cannot be negative.', { field: 'votes' });
      } catch (e) {
        out.push({ error: e instanceof Error ? e.message : String(e) });
        continue;
      }
      const html = renderMarkdown(body);
      if (item.existingId) {
        const [row]: Array<{ id: string }> = await tx.query(
          `update comments set body = $2, body_html = $3, author_id = $4, is_official = $5, upvotes = $6, downvotes = $7,
             created_at = $8, updated_at = $9, edited_at = $10 where id = $1 returning id`,
          [item.existingId, body, html, item.authorId, item.isOfficial, item.upvotes, item.downvotes, item.createdAt, item.updatedAt, item.editedAt],
        );
        if (row) {
          out.push({ id: row.id, created: false });
          continue;
        }
      }
      const id = randomUUID();
      fresh.push({ ...item, id, body, html });
      out.push({ id, created: true });
    }
    if (fresh.length) {
      await tx.query(
        `insert into comments (id, article_id, parent_id, path, depth, author_id, body, body_html, status, is_official, upvotes, downvotes, created_at, updated_at, edited_at)
         select t.id, t.article_id, null, array[t.id], 0, t.author_id, t.body, t.body_html, 'PUBLISHED', t.is_official, t.up, t.down, t.created_at, t.updated_at, t.edited_at
         from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::boolean[], $7::int[], $8::int[], $9::timestamptz[], $10::timestamptz[], $11::timestamptz[])
           as t(id, article_id, author_id, body, body_html, is_official, up, down, created_at, updated_at, edited_at)`,
        [
          fresh.map((c) => c.id), fresh.map((c) => c.articleId), fresh.map((c) => c.authorId), fresh.map((c) => c.body), fresh.map((c) => c.html),
          fresh.map((c) => c.isOfficial), fresh.map((c) => c.upvotes), fresh.map((c) => c.downvotes),
          fresh.map((c) => c.createdAt), fresh.map((c) => c.updatedAt), fresh.map((c) => c.editedAt),
        ],
      );
      // a published top-level comment counts once in each of the article's four counters
      const perArticle = new Map<string, number>();
      for (const c of fresh) perArticle.set(c.articleId, (perArticle.get(c.articleId) ?? 0) + 1);
      await tx.query(
        `update articles a set comment_count = comment_count + t.n, comment_count_all = comment_count_all + t.n,
           top_comment_count = top_comment_count + t.n, top_comment_count_all = top_comment_count_all + t.n
         from unnest($1::uuid[], $2::int[]) as t(id, n) where a.id = t.id`,
        [[...perArticle.keys()], [...perArticle.values()]],
      );
    }
    return out;
  }

  /**
   * Comment votes imported with their comments (whose totals already count them, see
   * importComments): one row per comment and user, inserted or changed in one statement.
   */
  async importCommentVotes(tx: EntityManager, votes: readonly ImportedVote[]): Promise<{ created: number; updated: number; unchanged: number }> {
    if (!votes.length) return { created: 0, updated: 0, unchanged: 0 };
    const rows: Array<{ inserted: boolean }> = await tx.query(
      `insert into comment_votes (comment_id, user_id, value, created_at, updated_at)
       select * from unnest($1::uuid[], $2::uuid[], $3::smallint[], $4::timestamptz[], $5::timestamptz[])
       on conflict (comment_id, user_id) do update set value = excluded.value, created_at = excluded.created_at, updated_at = excluded.updated_at
         where comment_votes.value is distinct from excluded.value
       returning (xmax = 0) as inserted`,
      [votes.map((v) => v.itemId), votes.map((v) => v.userId), votes.map((v) => v.value), votes.map((v) => v.createdAt), votes.map((v) => v.updatedAt)],
    );
    const created = rows.filter((r) => r.inserted).length;
    return { created, updated: rows.length - created, unchanged: votes.length - rows.length };
  }
}
