import { hasRole, isStaff, type Viewer } from '../../lib/viewer.js';
import { articleVisibleSql } from '../article/article.policy.js';
import { canWrite } from '../user/user.policy.js';
import type { CommentEntity, CommentStatus } from './comment.entity.js';

/**
 * The one visibility rule for comments, used by every path (lists, counts, node, loaders,
 * subscriptions): PUBLISHED for everyone; PENDING and HIDDEN for their author and staff;
 * DELETED only as a tombstone (when it had replies), without author or body.
 */
export function canSeeComment(viewer: Viewer | null, row: Pick<CommentEntity, 'status' | 'authorId' | 'tombstone'>): boolean {
  switch (row.status) {
    case 'PUBLISHED':
      return true;
    case 'DELETED':
      return row.tombstone;
    default:
      return isStaff(viewer) || (!!viewer && viewer.id === row.authorId);
  }
}

/** The same rule as an SQL predicate; `param` is the placeholder holding the viewer id. */
export function commentVisibleSql(viewer: Viewer | null, alias: string, param: string): string {
  if (isStaff(viewer)) return `(${alias}.status <> 'DELETED' or ${alias}.tombstone)`;
  const own = viewer ? ` or (${alias}.status in ('PENDING', 'HIDDEN') and ${alias}.author_id = ${param})` : '';
  return `(${alias}.status = 'PUBLISHED' or (${alias}.status = 'DELETED' and ${alias}.tombstone)${own})`;
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

/** Text of a DELETED comment is gone for everyone. */
export function showsContent(row: Pick<CommentEntity, 'status'>): boolean {
  return row.status !== 'DELETED';
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

/** How one comment in a given state counts toward the article's and its parent's counters. */
export function counterContribution(status: CommentStatus, tombstone: boolean) {
  return {
    article: status === 'PUBLISHED' ? 1 : 0,
    articleAll: status === 'PUBLISHED' || status === 'PENDING' || status === 'HIDDEN' ? 1 : 0,
    reply: status === 'PUBLISHED' || (status === 'DELETED' && tombstone) ? 1 : 0,
    replyAll: status !== 'DELETED' || tombstone ? 1 : 0,
  };
}
