import type { EntityManager } from 'typeorm';
import type { Db } from '../../db/data-source.js';
import { returningRows, selectColumns } from '../../db/columns.js';
import { BadUserInputError, ForbiddenError, NotFoundError } from '../../graphql/errors.js';
import { decodeId } from '../../graphql/global-id.js';
import { ARTICLE_BODY_MAX_LENGTH } from '../../graphql/input-rules.js';
import { excerptOf, renderMarkdown } from '../../lib/markdown.js';
import { freeSlug } from '../../lib/free-slug.js';
import { rememberOldSlug } from '../../lib/slug-history.js';
import { SLUG_PATTERN, toSlug } from '../../lib/slug.js';
import { constraintOf, inTransaction, sqlState } from '../../lib/tx.js';
import { isStaff, type Viewer } from '../../lib/viewer.js';
import { noEvents, type EventRecorder } from '../../events/event-log.js';
import { ArticleEntity, ArticleRevisionEntity } from './article.entity.js';
import type { CreateArticleInput, RestoreArticleRevisionInput, UpdateArticleInput } from './article.inputs.js';
import { canSeeArticle } from './article.policy.js';
import { assertCanWrite } from '../user/user.policy.js';

const MAX_TITLE = 200;
const MAX_BODY = ARTICLE_BODY_MAX_LENGTH;
const MAX_LABELS = 10;

function cleanTitle(title: string): string {
  const t = title.trim();
  if (t.length < 1 || t.length > MAX_TITLE) throw new BadUserInputError(`title must be 1..${MAX_TITLE} characters.`, { field: 'title' });
  return t;
}
function cleanBody(body: string): string {
  if (body.trim().length < 1 || body.length > MAX_BODY) {
    throw new BadUserInputError(`body must be 1..${MAX_BODY} characters.`, { field: 'body' });
  }
  return body;
}
function cleanLabels(labels: string[]): string[] {
  const out = [...new Set(labels.map((l) => l.trim().toLowerCase()).filter(Boolean))];
  if (out.length > MAX_LABELS || out.some((l) => l.length > 40 || !/^[\p{L}\p{N} _.-]+$/u.test(l))) {
    throw new BadUserInputError(`labels: at most ${MAX_LABELS}, each 1..40 letters, digits, spaces, _ . -`, { field: 'labels' });
  }
  return out;
}
function cleanSlug(slug: string): string {
  if (!SLUG_PATTERN.test(slug) || slug.length > 80) {
    throw new BadUserInputError('slug must be lowercase letters, digits and single dashes (at most 80).', { field: 'slug' });
  }
  return slug;
}
function cleanPosition(position: number): number {
  if (!Number.isInteger(position) || position < 0 || position > 1_000_000) {
    throw new BadUserInputError('position must be 0..1000000.', { field: 'position' });
  }
  return position;
}

/** An article as another help center had it (see ArticleService.importArticle). */
export interface ImportedArticle {
  sectionId: string;
  authorId: string;
  title: string;
  /** Markdown. */
  body: string;
  status: 'DRAFT' | 'PUBLISHED';
  labels: string[];
  promoted: boolean;
  position: number;
  commentsLocked: boolean;
  lockReason: string | null;
  helpfulCount: number;
  voteCount: number;
  createdAt: Date;
  updatedAt: Date;
  publishedAt: Date | null;
}

export class ArticleService {
  constructor(
    private readonly db: Db,
    /** Every change records its domain event in its transaction (events/catalog.ts). */
    private readonly events: EventRecorder = noEvents,
  ) {}

  private ref(a: Pick<ArticleEntity, 'id' | 'sectionId'>, actorId: string | null) {
    return { articleId: a.id, sectionId: a.sectionId, actorId };
  }

  private assertStaffWriter(viewer: Viewer | null): asserts viewer is Viewer {
    assertCanWrite(viewer);
    if (!isStaff(viewer)) throw new ForbiddenError('Only staff can write articles.');
  }

  /** Loads an article for a write, locked, as the viewer may see it. */
  async lockVisible(tx: EntityManager, viewer: Viewer | null, articleId: string): Promise<ArticleEntity> {
    const uuid = decodeId(articleId, 'Article', 'articleId');
    const [row]: ArticleEntity[] = await tx.query(
      `select ${selectColumns(this.db, ArticleEntity, 'a')} from articles a where a.id = $1 for update`,
      [uuid],
    );
    if (!row || !canSeeArticle(viewer, row)) throw new NotFoundError('article');
    return row;
  }

  private async sectionExists(tx: EntityManager, sectionId: string): Promise<string> {
    const uuid = decodeId(sectionId, 'Section', 'sectionId');
    const [row] = await tx.query('select id from sections where id = $1', [uuid]);
    if (!row) throw new NotFoundError('section');
    return uuid;
  }

  private freeSlug(tx: EntityManager, base: string): Promise<string> {
    return freeSlug(tx, 'articles', base);
  }

  private slugConflict(err: unknown): never {
    if (sqlState(err) === '23505' && constraintOf(err) === 'articles_slug_key') {
      throw new BadUserInputError('Another article already uses that slug.', { field: 'slug' });
    }
    throw err;
  }

  async create(viewer: Viewer | null, input: CreateArticleInput): Promise<ArticleEntity> {
    this.assertStaffWriter(viewer);
    const title = cleanTitle(input.title);
    const body = cleanBody(input.body);
    const labels = cleanLabels(input.labels ?? []);
    const position = input.position != null ? cleanPosition(input.position) : null;
    const explicitSlug = input.slug != null ? cleanSlug(input.slug) : null;
    return inTransaction(this.db, async (tx) => {
      const sectionId = await this.sectionExists(tx, input.sectionId);
      const slug = explicitSlug ?? (await this.freeSlug(tx, toSlug(title)));
      const [{ next }] = await tx.query(
        'select coalesce(max(position) + 1, 0)::int as next from articles where section_id = $1',
        [sectionId],
      );
      const rows: ArticleEntity[] = await tx
        .query(
          `insert into articles (section_id, author_id, slug, title, body, body_html, excerpt, labels, promoted, position)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
           returning ${selectColumns(this.db, ArticleEntity, 'articles')}`,
          [sectionId, viewer.id, slug, title, body, renderMarkdown(body, { images: 'embed' }), excerptOf(body), labels, input.promoted ?? false, position ?? next],
        )
        .catch((e) => this.slugConflict(e));
      const article = rows[0];
      await this.addRevision(tx, article, viewer.id);
      await this.events.record(tx, 'article.created', { ...this.ref(article, viewer.id), status: article.status });
      return article;
    });
  }

  async update(viewer: Viewer | null, input: UpdateArticleInput): Promise<ArticleEntity> {
    this.assertStaffWriter(viewer);
    return inTransaction(this.db, async (tx) => {
      const current = await this.lockVisible(tx, viewer, input.articleId);
      const next = { ...current };
      if (input.title != null) next.title = cleanTitle(input.title);
      if (input.body != null) next.body = cleanBody(input.body);
      if (input.labels != null) next.labels = cleanLabels(input.labels);
      if (input.promoted != null) next.promoted = input.promoted;
      if (input.slug != null) next.slug = cleanSlug(input.slug);
      if (input.position != null) next.position = cleanPosition(input.position);
      if (input.sectionId != null) next.sectionId = await this.sectionExists(tx, input.sectionId);
      const rows = await returningRows<ArticleEntity>(
        tx,
        `update articles a set title = $2, body = $3, body_html = $4, excerpt = $5, labels = $6, promoted = $7,
             slug = $8, position = $9, section_id = $10, updated_at = now()
           where a.id = $1 returning ${selectColumns(this.db, ArticleEntity, 'a')}`,
        [current.id, next.title, next.body, renderMarkdown(next.body, { images: 'embed' }), excerptOf(next.body), next.labels, next.promoted, next.slug, next.position, next.sectionId],
      ).catch((e) => this.slugConflict(e));
      await rememberOldSlug(tx, 'article', current.id, current.slug, next.slug);
      if (next.title !== current.title || next.body !== current.body) await this.addRevision(tx, rows[0], viewer.id);
      await this.events.record(tx, 'article.updated', { ...this.ref(rows[0], viewer.id), status: rows[0].status });
      if (rows[0].sectionId !== current.sectionId) {
        // readers of the old section see it leave
        await this.events.record(tx, 'article.updated', { ...this.ref(current, viewer.id), status: rows[0].status });
      }
      return rows[0];
    });
  }

  /**
   * Makes an earlier revision's title and body current again by saving them as a NEW revision
   * (restored_from_id names the one copied): history is never rewritten. A revision that
   * already matches the article changes nothing.
   */
  async restoreRevision(viewer: Viewer | null, input: RestoreArticleRevisionInput): Promise<ArticleEntity> {
    this.assertStaffWriter(viewer);
    const revisionUuid = decodeId(input.revisionId, 'ArticleRevision', 'revisionId');
    return inTransaction(this.db, async (tx) => {
      const current = await this.lockVisible(tx, viewer, input.articleId);
      const [revision]: ArticleRevisionEntity[] = await tx.query(
        `select ${this.revisionColumns('r')} from article_revisions r where r.id = $1`,
        [revisionUuid],
      );
      if (!revision) throw new NotFoundError('revision');
      if (revision.articleId !== current.id) {
        throw new BadUserInputError('That revision belongs to another article.', { field: 'revisionId' });
      }
      if (revision.title === current.title && revision.body === current.body) return current;
      const [row] = await returningRows<ArticleEntity>(
        tx,
        `update articles a set title = $2, body = $3, body_html = $4, excerpt = $5, updated_at = now()
           where a.id = $1 returning ${selectColumns(this.db, ArticleEntity, 'a')}`,
        [current.id, revision.title, revision.body, renderMarkdown(revision.body, { images: 'embed' }), excerptOf(revision.body)],
      );
      await this.addRevision(tx, row, viewer.id, revision.id);
      await this.events.record(tx, 'article.updated', { ...this.ref(row, viewer.id), status: row.status, revisionId: revision.id });
      return row;
    });
  }

  async setStatus(viewer: Viewer | null, articleId: string, status: 'PUBLISHED' | 'ARCHIVED'): Promise<ArticleEntity> {
    this.assertStaffWriter(viewer);
    return inTransaction(this.db, async (tx) => {
      const current = await this.lockVisible(tx, viewer, articleId);
      const [row] = await returningRows<ArticleEntity>(
        tx,
        `update articles a set status = $2, updated_at = now(),
           published_at = case when $2 = 'PUBLISHED' then coalesce(a.published_at, now()) else a.published_at end,
           redirect_to_id = case when $2 = 'PUBLISHED' then null else a.redirect_to_id end
         where a.id = $1 returning ${selectColumns(this.db, ArticleEntity, 'a')}`,
        [current.id, status],
      );
      if (current.status !== status) await this.events.record(tx, status === 'PUBLISHED' ? 'article.published' : 'article.archived', this.ref(row, viewer.id));
      return row;
    });
  }

  /**
   * Archives the article (if it is not yet) and sends its readers to another, published
   * article; `redirectToId` null keeps it archived with no target (readers get the
   * "archived" page). Publishing it again drops the redirect.
   */
  async setRedirect(viewer: Viewer | null, articleId: string, redirectToId: string | null): Promise<ArticleEntity> {
    this.assertStaffWriter(viewer);
    const targetUuid = redirectToId != null ? decodeId(redirectToId, 'Article', 'redirectToId') : null;
    return inTransaction(this.db, async (tx) => {
      const current = await this.lockVisible(tx, viewer, articleId);
      if (targetUuid === current.id) throw new BadUserInputError('An article cannot redirect to itself.', { field: 'redirectToId' });
      if (targetUuid) {
        const [target]: Array<{ status: string }> = await tx.query('select status from articles where id = $1 for share', [targetUuid]);
        if (!target) throw new NotFoundError('article');
        if (target.status !== 'PUBLISHED') {
          throw new BadUserInputError('Readers can only be sent to a published article.', { field: 'redirectToId', reason: 'TARGET_NOT_PUBLISHED' });
        }
      }
      const [row] = await returningRows<ArticleEntity>(
        tx,
        `update articles a set status = 'ARCHIVED', redirect_to_id = $2, updated_at = now()
         where a.id = $1 returning ${selectColumns(this.db, ArticleEntity, 'a')}`,
        [current.id, targetUuid],
      );
      if (current.status !== 'ARCHIVED') await this.events.record(tx, 'article.archived', this.ref(row, viewer.id));
      await this.events.record(tx, 'article.redirected', { ...this.ref(row, viewer.id), redirectToId: targetUuid });
      return row;
    });
  }

  /** Every article of a section (any status) moves to another, after its own, in their order (deleteSection). */
  async moveAllToSection(tx: EntityManager, fromSectionId: string, toSectionId: string, actorId: string | null = null): Promise<void> {
    const moved = await returningRows<Pick<ArticleEntity, 'id' | 'sectionId' | 'status'>>(
      tx,
      `update articles a set section_id = $2,
         position = (select coalesce(max(position) + 1, 0) from articles where section_id = $2) + moved.rank
       from (select id, (row_number() over (order by position, id))::int - 1 as rank from articles where section_id = $1) moved
       where a.id = moved.id
       returning a.id, a.section_id as "sectionId", a.status`,
      [fromSectionId, toSectionId],
    );
    for (const a of moved) await this.events.record(tx, 'article.updated', { ...this.ref(a, actorId), status: a.status });
  }

  /**
   * The comment counters of an article, moved by CommentService as comments change status (the
   * only writer of articles is this service). Deltas of 0 change nothing.
   */
  async applyCommentCounters(tx: EntityManager, articleId: string, d: { published: number; all: number; topPublished: number; topAll: number }): Promise<void> {
    if (!d.published && !d.all && !d.topPublished && !d.topAll) return;
    await tx.query(
      `update articles set comment_count = comment_count + $2, comment_count_all = comment_count_all + $3,
         top_comment_count = top_comment_count + $4, top_comment_count_all = top_comment_count_all + $5 where id = $1`,
      [articleId, d.published, d.all, d.topPublished, d.topAll],
    );
  }

  /** The helpful and vote counters (ArticleFeedbackService); answers the new values. */
  async applyVoteCounters(tx: EntityManager, articleId: string, dHelpful: number, dVotes: number): Promise<{ helpfulCount: number; voteCount: number }> {
    const [row] = await returningRows<{ helpfulCount: number; voteCount: number }>(
      tx,
      `update articles set helpful_count = helpful_count + $2, vote_count = vote_count + $3 where id = $1
       returning helpful_count as "helpfulCount", vote_count as "voteCount"`,
      [articleId, dHelpful, dVotes],
    );
    return row;
  }

  /** Lock or unlock comments (moderators; see the moderation module for the audit row). */
  async setCommentsLocked(tx: EntityManager, articleUuid: string, locked: boolean, reason: string | null, actorId: string | null = null): Promise<ArticleEntity> {
    const [row] = await returningRows<ArticleEntity>(
      tx,
      `update articles a set comments_locked = $2, comments_lock_reason = $3 where a.id = $1
       returning ${selectColumns(this.db, ArticleEntity, 'a')}`,
      [articleUuid, locked, locked ? reason : null],
    );
    await this.events.record(tx, 'article.comments_locked', { ...this.ref(row, actorId), locked, reason: row.commentsLockReason ?? null });
    return row;
  }

  /**
   * Writes an article imported from another help center (the Zendesk importer), inside the
   * caller's transaction, keeping its times and counters: `existingId` null inserts it (a
   * free slug from the title, one revision dated `updatedAt`), else updates that row (slug
   * kept; a new revision when the title or body changed). Votes come with their totals
   * (helpfulCount/voteCount) because the source's totals are the truth; the vote rows that
   * follow (ArticleFeedbackService.importVotes) do not count again. Fields are checked
   * like every other write (BadUserInputError).
   */
  async importArticle(tx: EntityManager, existingId: string | null, a: ImportedArticle): Promise<{ id: string; slug: string; created: boolean }> {
    const title = cleanTitle(a.title);
    const body = cleanBody(a.body);
    const labels = cleanLabels(a.labels);
    const position = cleanPosition(a.position);
    if (!(a.voteCount >= a.helpfulCount && a.helpfulCount >= 0)) throw new BadUserInputError('helpfulCount must be 0..voteCount.', { field: 'helpfulCount' });
    const html = renderMarkdown(body, { images: 'embed' });
    const publishedAt = a.status === 'PUBLISHED' ? a.publishedAt ?? a.createdAt : null;
    if (existingId) {
      const [current]: Array<{ title: string; body: string; slug: string }> = await tx.query('select title, body, slug from articles where id = $1 for update', [existingId]);
      if (current) {
        await tx.query(
          `update articles set section_id = $2, author_id = $3, title = $4, body = $5, body_html = $6, excerpt = $7, status = $8, labels = $9,
             promoted = $10, position = $11, comments_locked = $12, comments_lock_reason = $13, helpful_count = $14, vote_count = $15,
             created_at = $16, updated_at = $17, published_at = $18 where id = $1`,
          [existingId, a.sectionId, a.authorId, title, body, html, excerptOf(body), a.status, labels, a.promoted, position, a.commentsLocked, a.commentsLocked ? a.lockReason : null, a.helpfulCount, a.voteCount, a.createdAt, a.updatedAt, publishedAt],
        );
        if (current.title !== title || current.body !== body) await this.addImportedRevision(tx, existingId, a.authorId, title, body, a.updatedAt);
        // an import has no actor; page caches, the change feed and webhooks see the change
        await this.events.record(tx, 'article.updated', { ...this.ref({ id: existingId, sectionId: a.sectionId }, null), status: a.status });
        return { id: existingId, slug: current.slug, created: false };
      }
    }
    const slug = await this.freeSlug(tx, toSlug(title));
    const [row]: Array<{ id: string }> = await tx.query(
      `insert into articles (section_id, author_id, slug, title, body, body_html, excerpt, status, labels, promoted, position,
         comments_locked, comments_lock_reason, helpful_count, vote_count, created_at, updated_at, published_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) returning id`,
      [a.sectionId, a.authorId, slug, title, body, html, excerptOf(body), a.status, labels, a.promoted, position, a.commentsLocked, a.commentsLocked ? a.lockReason : null, a.helpfulCount, a.voteCount, a.createdAt, a.updatedAt, publishedAt],
    );
    await this.addImportedRevision(tx, row.id, a.authorId, title, body, a.updatedAt);
    await this.events.record(tx, 'article.created', { ...this.ref({ id: row.id, sectionId: a.sectionId }, null), status: a.status });
    return { id: row.id, slug, created: true };
  }

  private async addImportedRevision(tx: EntityManager, articleId: string, authorId: string, title: string, body: string, at: Date) {
    await tx.query('insert into article_revisions (article_id, author_id, title, body, created_at) values ($1, $2, $3, $4, $5)', [articleId, authorId, title, body, at]);
  }

  private async addRevision(tx: EntityManager, article: ArticleEntity, authorId: string, restoredFromId: string | null = null) {
    await tx.query('insert into article_revisions (article_id, author_id, title, body, restored_from_id) values ($1, $2, $3, $4, $5)', [
      article.id,
      authorId,
      article.title,
      article.body,
      restoredFromId,
    ]);
  }

  revisionColumns(alias: string) {
    return selectColumns(this.db, ArticleRevisionEntity, alias);
  }
}
