/**
 * The domain event catalog: every event a write records (in its own transaction, through
 * `EventLog.record`) and what its payload holds. One map, checked by the compiler for every
 * producer and consumer. Payloads are ids and states, never texts: a consumer reads what it
 * needs with its own visibility rules (a webhook or the change feed shows what an anonymous
 * reader would see, a live subscription what its viewer may see).
 *
 * Conventions:
 * - ids are the database uuids as strings (not global ids);
 * - `actorId` is who did it (null: Atrium itself, e.g. the automatic hide after enough flags);
 * - `articleId` and `sectionId` are set whenever the event concerns an article (or a comment
 *   on one), so consumers can filter and invalidate without a read;
 * - a payload only grows: add optional fields, never rename or drop one (rows outlive deploys).
 *
 * Adding an event: add its name and payload here, then `record()` it in the owning service's
 * transaction. This module imports nothing from `modules/` (it is a lower layer).
 */

export type CommentStatus = 'PUBLISHED' | 'PENDING' | 'HIDDEN' | 'DELETED';
export type ArticleStatus = 'DRAFT' | 'PUBLISHED' | 'ARCHIVED';
export type UserRole = 'MEMBER' | 'AGENT' | 'MODERATOR' | 'ADMIN';
export type UserStatus = 'ACTIVE' | 'SUSPENDED' | 'BANNED';

/** A comment's visibility before/after a change (who should see it appear or disappear). */
export interface CommentState {
  status: CommentStatus;
  tombstone: boolean;
}

/** What every comment event carries. */
export interface CommentRef {
  commentId: string;
  articleId: string;
  sectionId: string;
  /** Ancestors then the comment itself (root first), so thread filters need no query. */
  path: string[];
  authorId: string;
  actorId: string | null;
}

export interface CommentChange extends CommentRef {
  /** Status before the change (null for a new comment). */
  before: CommentState | null;
  after: CommentState;
}

export interface ArticleRef {
  articleId: string;
  sectionId: string;
  actorId: string | null;
}

export interface DomainEvents {
  'article.created': ArticleRef & { status: ArticleStatus };
  'article.published': ArticleRef;
  'article.updated': ArticleRef & { status: ArticleStatus; revisionId?: string | null };
  'article.archived': ArticleRef;
  'article.redirected': ArticleRef & { redirectToId: string | null };
  'article.comments_locked': ArticleRef & { locked: boolean; reason: string | null };
  /** Staff attached a file to an article (listed in Article.attachments); `fileId` is the files row (#19). */
  'article.attachment_added': ArticleRef & { fileId: string; sha256: string; contentType: string; size: number };
  /** Staff took an attachment off an article (the bytes stay: other files may share them). */
  'article.attachment_removed': ArticleRef & { fileId: string; sha256: string };
  /** An article's helpful / not helpful counts changed (actorId null: who voted stays private). */
  'article.voted': ArticleRef & { helpfulCount: number; voteCount: number };

  /** A comment was written (status PUBLISHED, or PENDING when held for approval). */
  'comment.created': CommentChange;
  'comment.edited': CommentChange;
  'comment.deleted': CommentChange & { removedBy: 'AUTHOR' | 'MODERATOR' };
  'comment.hidden': CommentChange & { reason: string | null; automatic: boolean };
  'comment.unhidden': CommentChange;
  'comment.approved': CommentChange;
  'comment.rejected': CommentChange;
  /**
   * Staff marked (`accepted`) or unmarked a reply as its question's answer: one event per comment
   * that changed (the answer, its question, a replaced answer); `answerId` is the reply acted on.
   */
  'comment.answer_changed': CommentChange & { accepted: boolean; questionId: string; answerId: string };
  /** A comment's up/down counts changed (no voter id: votes are private). */
  'comment.voted': CommentChange & { upvotes: number; downvotes: number };

  'comment.flagged': CommentRef & { flagId: string; reason: string; openFlags: number };
  'flag.resolved': CommentRef & { flagId: string; accepted: boolean };

  /** One row of the moderation log (every moderator or automatic action). */
  'moderation.action': {
    action: string;
    actorId: string | null;
    automatic: boolean;
    targetType: 'Comment' | 'Article' | 'User' | 'Flag';
    targetId: string;
    /** The comment concerned (a comment action, or a flag's comment). */
    commentId?: string | null;
    articleId?: string | null;
    sectionId?: string | null;
  };

  'user.suspended': { userId: string; actorId: string | null; until: string };
  'user.banned': { userId: string; actorId: string | null };
  'user.reinstated': { userId: string; actorId: string | null; previous: UserStatus };
  'user.role_changed': { userId: string; actorId: string | null; from: UserRole; to: UserRole };
  /** A new account (signUp). `addressTaken`: the address given belongs to another account and was kept as unconfirmed. */
  'user.signed_up': { userId: string; actorId: string | null; addressTaken: boolean };
  /**
   * Sessions or API tokens of a user stopped working (sign-out, revocation, password change or
   * reset, ban, role change): their open WebSockets close on every instance. `credentialIds`
   * null: every credential of the user.
   */
  'user.credentials_revoked': { userId: string; actorId: string | null; credentialIds: string[] | null };
}

export type EventName = keyof DomainEvents;

/** One committed event as consumers see it. */
export interface DomainEvent<K extends EventName = EventName> {
  /** Stable across restarts and instances (receivers drop repeats by it). */
  id: string;
  type: K;
  payload: DomainEvents[K];
  occurredAt: Date;
  /** Where a reader stands after this event (pass to `readAfter`). */
  cursor: string;
}

/** Any event, narrowed by `switch (event.type)`. */
export type AnyDomainEvent = { [K in EventName]: DomainEvent<K> }[EventName];

/** Every event name (for validating filters from outside: the change feed, webhooks). */
export const EVENT_NAMES = [
  'article.created', 'article.published', 'article.updated', 'article.archived', 'article.redirected', 'article.comments_locked', 'article.voted',
  'article.attachment_added', 'article.attachment_removed',
  'comment.created', 'comment.edited', 'comment.deleted', 'comment.hidden', 'comment.unhidden', 'comment.approved', 'comment.rejected',
  'comment.answer_changed', 'comment.voted', 'comment.flagged', 'flag.resolved', 'moderation.action',
  'user.suspended', 'user.banned', 'user.reinstated', 'user.role_changed', 'user.signed_up', 'user.credentials_revoked',
] as const satisfies readonly EventName[];

// the list above names every event exactly once (a compile error otherwise)
type Missing = Exclude<EventName, (typeof EVENT_NAMES)[number]>;
const _complete: Missing extends never ? true : Missing = true;
void _complete;
