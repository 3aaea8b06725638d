import { hasRole, isStaff, type Viewer } from '../../lib/viewer.js';
import { articleVisibleSql } from '../article/article.policy.js';
import { canWrite } from '../user/user.policy.js';
import type { CommentEntity, CommentStatus, RemovedBy } from './comment.entity.js';

/**
 * The one visibility rule for comments, used by every path (lists, counts, node, loaders,
 * subscriptions): PUBLISHED for everyone; PENDING for their author and staff; HIDDEN for their
 * author and staff, and for everyone else as a placeholder when it keeps replies everyone sees
 * (a tombstone, "Removed by a moderator"); DELETED only as a tombstone (when it had replies).
 * What a placeholder shows is `showsContent`.
 */
export function canSeeComment(viewer: Viewer | null, row: Pick<CommentEntity, 'status' | 'authorId' | 'tombstone'>): boolean {
  switch (row.status) {
    case 'PUBLISHED':
      return true;
    case 'DELETED':
      return row.tombstone;
    case 'HIDDEN':
      return row.tombstone || seesHidden(viewer, row);
    default:
      return seesHidden(viewer, row);
  }
}

/** Staff and the author read PENDING and HIDDEN comments in full. */
function seesHidden(viewer: Viewer | null, row: Pick<CommentEntity, 'authorId'>): boolean {
  return isStaff(viewer) || (!!viewer && viewer.id === row.authorId);
}

/** The same rule as an SQL predicate; `param` is the placeholder holding the viewer id. */
export function commentVisibleSql(viewer: Viewer | null, alias: string, param: string): string {
  if (isStaff(viewer)) return `(${alias}.status <> 'DELETED' or ${alias}.tombstone)`;
  const own = viewer ? ` or (${alias}.status in ('PENDING', 'HIDDEN') and ${alias}.author_id = ${param})` : '';
  return `(${alias}.status = 'PUBLISHED' or (${alias}.status in ('DELETED', 'HIDDEN') and ${alias}.tombstone)${own})`;
}

/**
 * The comments a profile lists and counts (`User.recentComments`, `User.commentCount`): what
 * an anonymous reader may see of them, without placeholders: PUBLISHED, on a PUBLISHED article.
 * The same for every viewer, so a profile never shows its owner or staff more than the public.
 */
export function profileCommentSql(alias: string, articleAlias: string): string {
  return `${commentVisibleSql(null, alias, '')} and ${alias}.status = 'PUBLISHED' and ${articleVisibleSql(null, articleAlias)}`;
}

/** Which visibility class a viewer is in, for resolving a live event once per class. */
export type VisibilityClass = 'anonymous' | 'member' | 'staff';
export function visibilityClass(viewer: Viewer | null): VisibilityClass {
  return !viewer ? 'anonymous' : isStaff(viewer) ? 'staff' : 'member';
}

/**
 * Whether the viewer reads a visible comment's text, author and hide reason, or a placeholder:
 * the text of a DELETED comment is gone for everyone; a HIDDEN one's only for staff and its author.
 */
export function showsContent(viewer: Viewer | null, row: Pick<CommentEntity, 'status' | 'authorId'>): boolean {
  if (row.status === 'DELETED') return false;
  return row.status !== 'HIDDEN' || seesHidden(viewer, row);
}

/** Who made the comment a placeholder (AUTHOR or MODERATOR); null while it is not removed. Everyone may know it. */
export function removedBy(row: Pick<CommentEntity, 'status' | 'removedBy'>): RemovedBy | null {
  if (row.status === 'HIDDEN') return 'MODERATOR';
  return row.status === 'DELETED' ? (row.removedBy ?? 'AUTHOR') : null;
}

/**
 * Marking answers: staff (AGENT+) who may write mark a published reply (not a top-level
 * comment: that is the question) as the answer to its thread's question, or unmark it.
 */
export function canMarkAnswer(viewer: Viewer | null): boolean {
  return isStaff(viewer) && canWrite(viewer);
}
export function canBeAnswer(row: Pick<CommentEntity, 'status' | 'depth'>): boolean {
  return row.depth > 0 && row.status === 'PUBLISHED';
}

export function canEditComment(viewer: Viewer | null, row: Pick<CommentEntity, 'status' | 'authorId'>, articleLocked: boolean): boolean {
  if (!viewer || !canWrite(viewer) || viewer.id !== row.authorId || row.status === 'DELETED') return false;
  return !articleLocked || isStaff(viewer);
}

export function canDeleteComment(viewer: Viewer | null, row: Pick<CommentEntity, 'status' | 'authorId'>): boolean {
  if (!viewer || !canWrite(viewer) || row.status === 'DELETED') return false;
  return viewer.id === row.authorId || hasRole(viewer, 'MODERATOR');
}

export function canModerate(viewer: Viewer | null): boolean {
  return hasRole(viewer, 'MODERATOR') && canWrite(viewer);
}

/**
 * How one comment in a given state counts toward the article's and its parent's counters:
 * `commentCount` counts published comments (placeholders are not comments to read), reply and
 * top-level counts count what the reader sees in the list, placeholders included.
 */
export function counterContribution(status: CommentStatus, tombstone: boolean) {
  return {
    article: status === 'PUBLISHED' ? 1 : 0,
    articleAll: status === 'PUBLISHED' || status === 'PENDING' || status === 'HIDDEN' ? 1 : 0,
    reply: status === 'PUBLISHED' || ((status === 'DELETED' || status === 'HIDDEN') && tombstone) ? 1 : 0,
    replyAll: status !== 'DELETED' || tombstone ? 1 : 0,
  };
}
