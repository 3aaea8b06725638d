import { ForbiddenError } from '../../graphql/errors.js';
import { isStaff, type Viewer } from '../../lib/viewer.js';
import { assertCanWrite, assertSignedIn } from '../user/user.policy.js';

/** The dashboard and the attention queue are for staff (AGENT and up). */
export function canSeeInsights(viewer: Viewer | null): boolean {
  return isStaff(viewer);
}

export function assertCanManageInsights(viewer: Viewer | null): asserts viewer is Viewer {
  assertSignedIn(viewer);
  if (!canSeeInsights(viewer)) throw new ForbiddenError('Only staff see article health.');
}

/** The queue's actions (assign, snooze, mark reviewed, owner): staff who may write. */
export function assertCanActOnInsights(viewer: Viewer | null): asserts viewer is Viewer {
  assertCanWrite(viewer);
  assertCanManageInsights(viewer);
}
