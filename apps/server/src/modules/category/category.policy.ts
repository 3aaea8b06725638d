import { ForbiddenError } from '../../graphql/errors.js';
import { hasRole, type Viewer } from '../../lib/viewer.js';
import { assertCanWrite } from '../user/user.policy.js';

/** The structure of the help center (categories, sections, their slugs and order) is the admins'. */
export function canManageStructure(viewer: Viewer | null): boolean {
  return hasRole(viewer, 'ADMIN');
}

/** Every structure write: an active (not suspended, not banned) admin. */
export function assertCanManageStructure(viewer: Viewer | null): asserts viewer is Viewer {
  assertCanWrite(viewer);
  if (!canManageStructure(viewer)) throw new ForbiddenError('Only admins can change the knowledge base structure.');
}
