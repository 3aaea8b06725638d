import type { EntityManager } from 'typeorm';
import type { Db } from '../../db/data-source.js';
import type { AnyDomainEvent, EventName } from '../../events/catalog.js';
import { toGlobalId } from '../../graphql/global-id.js';
import type { PublicEventType } from './webhook.events.js';

/**
 * Domain events as the public sees them: which public type (if any) each one is, and a
 * payload of what the public API shows an ANONYMOUS reader, read now (a comment hidden since
 * the event is not shown), plus ids (global ids, for fetching more with a token). Never a
 * PENDING or HIDDEN comment's text, a draft, an email or a voter.
 */

/** The domain events that can become public events. */
export const PUBLIC_SOURCE_EVENTS = [
  'article.published', 'article.updated', 'article.archived', 'article.voted',
  'comment.created', 'comment.approved', 'comment.unhidden', 'comment.edited',
  'comment.deleted', 'comment.hidden', 'comment.rejected', 'comment.voted',
] as const satisfies readonly EventName[];

/** The domain events behind each public type (for filters). */
export const SOURCES_OF: Record<PublicEventType, EventName[]> = {
  'article.published': ['article.published'],
  'article.updated': ['article.updated'],
  'article.archived': ['article.archived'],
  'article.voted': ['article.voted'],
  'comment.published': ['comment.created', 'comment.approved', 'comment.unhidden'],
  'comment.edited': ['comment.edited'],
  'comment.removed': ['comment.deleted', 'comment.hidden', 'comment.rejected'],
  'comment.voted': ['comment.voted'],
};

/** The public type of a domain event from its own payload (before reading current state); null: none. */
export function publicTypeOf(e: AnyDomainEvent): PublicEventType | null {
  switch (e.type) {
    case 'article.published':
    case 'article.updated':
    case 'article.archived':
    case 'article.voted':
      return e.type;
    case 'comment.created':
    case 'comment.approved':
    case 'comment.unhidden':
      return e.payload.after.status === 'PUBLISHED' && e.payload.before?.status !== 'PUBLISHED' ? 'comment.published' : null;
    case 'comment.edited':
      return e.payload.after.status === 'PUBLISHED' ? 'comment.edited' : null;
    case 'comment.deleted':
    case 'comment.hidden':
    case 'comment.rejected':
      // only what the public could see disappears for the public
      return e.payload.before?.status === 'PUBLISHED' ? 'comment.removed' : null;
    case 'comment.voted':
      return e.payload.after.status === 'PUBLISHED' ? 'comment.voted' : null;
    default:
      return null;
  }
}

export interface PublicEvent {
  /** The domain event's id (stable): `webhook-id` is `evt_<id>`. */
  eventId: string;
  cursor: string;
  type: PublicEventType;
  sectionId: string;
  articleId: string;
  commentId: string | null;
  occurredAt: Date;
  data: Record<string, unknown>;
}

interface ArticleRow {
  id: string;
  sectionId: string;
  slug: string;
  title: string;
  excerpt: string;
  status: string;
  labels: string[];
  publishedAt: Date | null;
  updatedAt: Date;
  helpfulCount: number;
  voteCount: number;
}
interface CommentRow {
  id: string;
  articleId: string;
  parentId: string | null;
  bodyHtml: string;
  status: string;
  isOfficial: boolean;
  upvotes: number;
  downvotes: number;
  createdAt: Date;
  editedAt: Date | null;
  authorHandle: string;
  authorName: string;
  authorId: string;
}

/**
 * Public events for a batch of domain events, with anonymous payloads read in two statements.
 * An event whose article is not public now (a draft, a deleted one) or whose comment is not
 * PUBLISHED now (for published/edited/voted) is left out.
 */
export async function toPublicEvents(
  runner: Pick<Db, 'query'> | EntityManager,
  events: readonly AnyDomainEvent[],
  publicUrl: string,
  /** Staff's change feed: keep events whose subject is not public now (their nodes resolve with the staff's visibility). */
  { includeNonPublic = false } = {},
): Promise<PublicEvent[]> {
  const typed = events.map((e) => ({ e, type: publicTypeOf(e) })).filter((x): x is { e: AnyDomainEvent; type: PublicEventType } => x.type !== null);
  if (!typed.length) return [];
  const articleIds = [...new Set(typed.map((x) => (x.e.payload as { articleId: string }).articleId))];
  const commentIds = [...new Set(typed.map((x) => (x.e.payload as { commentId?: string }).commentId).filter((id): id is string => !!id))];
  const articles: ArticleRow[] = await runner.query(
    `select a.id, a.section_id as "sectionId", a.slug, a.title, a.excerpt, a.status, a.labels, a.published_at as "publishedAt",
            a.updated_at as "updatedAt", a.helpful_count as "helpfulCount", a.vote_count as "voteCount"
     from articles a where a.id = any($1::uuid[])`,
    [articleIds],
  );
  const comments: CommentRow[] = commentIds.length
    ? await runner.query(
        `select c.id, c.article_id as "articleId", c.parent_id as "parentId", c.body_html as "bodyHtml", c.status, c.is_official as "isOfficial",
                c.upvotes, c.downvotes, c.created_at as "createdAt", c.edited_at as "editedAt",
                u.id as "authorId", u.handle as "authorHandle", u.display_name as "authorName"
         from comments c join users u on u.id = c.author_id where c.id = any($1::uuid[])`,
        [commentIds],
      )
    : [];
  const articleById = new Map(articles.map((a) => [a.id, a]));
  const commentById = new Map(comments.map((c) => [c.id, c]));
  const out: PublicEvent[] = [];
  for (const { e, type } of typed) {
    const p = e.payload as { articleId: string; sectionId: string; commentId?: string };
    const article = articleById.get(p.articleId);
    // an anonymous reader sees published and archived articles (drafts: nothing at all)
    if (!article || (article.status === 'DRAFT' && !includeNonPublic)) continue;
    const articleData = {
      id: toGlobalId('Article', article.id),
      slug: article.slug,
      title: article.title,
      excerpt: article.excerpt,
      status: article.status,
      labels: article.labels,
      sectionId: toGlobalId('Section', article.sectionId),
      url: `${publicUrl}/articles/${article.slug}`,
      publishedAt: article.publishedAt,
      updatedAt: article.updatedAt,
      helpfulCount: article.helpfulCount,
      voteCount: article.voteCount,
    };
    let data: Record<string, unknown>;
    if (!p.commentId) {
      if (type === 'article.published' && article.status !== 'PUBLISHED' && !includeNonPublic) continue;
      data = { article: articleData };
    } else if (type === 'comment.removed') {
      data = { comment: { id: toGlobalId('Comment', p.commentId), articleId: articleData.id }, article: { id: articleData.id, slug: article.slug } };
    } else {
      const c = commentById.get(p.commentId);
      if (!c || (c.status !== 'PUBLISHED' && !includeNonPublic)) continue;
      data = {
        comment: {
          id: toGlobalId('Comment', c.id),
          articleId: articleData.id,
          parentId: c.parentId && toGlobalId('Comment', c.parentId),
          bodyHtml: c.bodyHtml,
          isOfficial: c.isOfficial,
          upvotes: c.upvotes,
          downvotes: c.downvotes,
          score: c.upvotes - c.downvotes,
          createdAt: c.createdAt,
          editedAt: c.editedAt,
          author: { id: toGlobalId('User', c.authorId), handle: c.authorHandle, displayName: c.authorName },
          url: articleData.url,
        },
        article: { id: articleData.id, slug: article.slug, title: article.title, url: articleData.url },
      };
    }
    out.push({ eventId: e.id, cursor: e.cursor, type, sectionId: article.sectionId, articleId: article.id, commentId: p.commentId ?? null, occurredAt: e.occurredAt, data });
  }
  return out;
}
