import { effectiveStatus, isStaff, type Viewer } from '../../lib/viewer.js';
import { ForbiddenError, UnauthenticatedError } from '../../graphql/errors.js';
import type { ArticleEntity } from './article.entity.js';

/** Drafts and archived articles are for staff; everyone sees published ones. */
export function canSeeArticle(viewer: Viewer | null, row: Pick<ArticleEntity, 'status'>): boolean {
  return row.status === 'PUBLISHED' || isStaff(viewer);
}

/** The same rule as an SQL predicate on an articles alias. */
export function articleVisibleSql(viewer: Viewer | null, alias = 'a'): string {
  return isStaff(viewer) ? 'true' : `${alias}.status = 'PUBLISHED'`;
}

export function canWrite(viewer: Viewer | null): boolean {
  return !!viewer && effectiveStatus(viewer.status, viewer.suspendedUntil) === 'ACTIVE';
}

/** Throws unless the viewer is signed in and neither suspended nor banned. */
export function assertCanWrite(viewer: Viewer | null): asserts viewer is Viewer {
  if (!viewer) throw new UnauthenticatedError();
  const status = effectiveStatus(viewer.status, viewer.suspendedUntil);
  if (status !== 'ACTIVE') {
    throw new ForbiddenError(
      status === 'BANNED' ? 'Your account is banned.' : 'Your account is suspended; you cannot write until it ends.',
      { reason: status === 'BANNED' ? 'VIEWER_BANNED' : 'VIEWER_SUSPENDED' },
    );
  }
}

export function canEditArticle(viewer: Viewer | null): boolean {
  return isStaff(viewer) && canWrite(viewer);
}
