import { ForbiddenError } from '../../graphql/errors.js';
import { hasRole, type Viewer } from '../../lib/viewer.js';
import { assertCanWrite } from '../user/user.policy.js';

/** Webhook endpoints, their secrets' hints and delivery logs are for admins only. */
export function canSeeWebhooks(viewer: Viewer | null): boolean {
  return hasRole(viewer, 'ADMIN');
}

/** Registering, changing, pinging and redelivering: an admin who may write. */
export function assertCanManageWebhooks(viewer: Viewer | null): asserts viewer is Viewer {
  assertCanWrite(viewer);
  if (!canSeeWebhooks(viewer)) throw new ForbiddenError('Only admins manage webhooks.');
}
