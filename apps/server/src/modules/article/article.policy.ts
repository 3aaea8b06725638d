import { isStaff, type Viewer } from '../../lib/viewer.js';
import { canWrite } from '../user/user.policy.js';
import type { ArticleEntity } from './article.entity.js';

/** Drafts and archived articles are for staff; everyone sees published ones. */
export function canSeeArticle(viewer: Viewer | null, row: Pick<ArticleEntity, 'status'>): boolean {
  return row.status === 'PUBLISHED' || isStaff(viewer);
}

/** The same rule as an SQL predicate on an articles alias. */
export function articleVisibleSql(viewer: Viewer | null, alias = 'a'): string {
  return isStaff(viewer) ? 'true' : `${alias}.status = 'PUBLISHED'`;
}

export function canEditArticle(viewer: Viewer | null): boolean {
  return isStaff(viewer) && canWrite(viewer);
}
