import { hasRole, type Viewer } from '../../lib/viewer.js';
import type { ArticleEntity } from '../article/article.entity.js';
import { canSeeArticle } from '../article/article.policy.js';
import type { CommentEntity, CommentStatus } from '../comment/comment.entity.js';
import { canSeeComment } from '../comment/comment.policy.js';
import type { Role, UserStatus } from '../user/user.entity.js';
import type { ModerationDecision, NotificationEntity, NotificationKind } from './notification.entity.js';

/** A notification is its recipient's alone: nobody else reads, counts or marks it. */
export function canSeeNotification(viewer: Viewer | null, row: Pick<NotificationEntity, 'recipientId'>): boolean {
  return !!viewer && viewer.id === row.recipientId;
}

/** A would-be recipient as the visibility policies see them. */
export interface Recipient {
  id: string;
  handle: string;
  role: Role;
  status: UserStatus;
  suspendedUntil: Date | null;
}

function asViewer(r: Recipient): Viewer {
  return { ...r, credential: { kind: 'session', id: '' } };
}

/**
 * Whether a notification about this comment may be created for this recipient now: only
 * when they could read the comment and its article at this moment (the same policies as
 * every query), so a notification never points at content its recipient could not see.
 * Banned users get nothing: they cannot sign in to read it.
 */
export function mayNotify(r: Recipient, comment: Pick<CommentEntity, 'status' | 'authorId' | 'tombstone'>, article: Pick<ArticleEntity, 'status'>): boolean {
  if (r.status === 'BANNED') return false;
  const v = asViewer(r);
  return canSeeComment(v, comment) && canSeeArticle(v, article);
}

/** When one event would notify someone twice (a follower who is also the parent's author), the first kind here wins. */
export const KIND_PRIORITY: NotificationKind[] = ['OFFICIAL_ANSWER', 'REPLY', 'NEW_COMMENT'];

/**
 * The decision a moderator's status change reports to the comment's author; null for
 * changes that are not a moderator's decision (the author's own edits, automatic hides
 * after flags, deletions).
 */
export function moderationDecision(actor: Pick<Viewer, 'id' | 'role'>, authorId: string, from: CommentStatus, to: CommentStatus): ModerationDecision | null {
  if (actor.id === authorId || !hasRole(actor, 'MODERATOR') || from === to) return null;
  if (from === 'PENDING' && to === 'PUBLISHED') return 'APPROVED';
  if (from === 'PENDING' && to === 'HIDDEN') return 'REJECTED';
  if (from === 'PUBLISHED' && to === 'HIDDEN') return 'HIDDEN';
  if (from === 'HIDDEN' && to === 'PUBLISHED') return 'UNHIDDEN';
  return null;
}
