import { hasRole, type Viewer } from '../../lib/viewer.js';

/** Email addresses are private: the user themself and admins. */
export function canSeeEmail(viewer: Viewer | null, userId: string): boolean {
  return !!viewer && (viewer.id === userId || hasRole(viewer, 'ADMIN'));
}
