import { ForbiddenError } from '../../graphql/errors.js';
import { hasRole, type Viewer } from '../../lib/viewer.js';
import { assertCanWrite } from '../user/user.policy.js';

/**
 * One plain address (`local@domain`, no name, list, group, comment or line break): the only
 * form the mail worker sends to, so text from users can never add a recipient or a header.
 */
export function isPlainAddress(address: string): boolean {
  return address.length <= 254 && /^[^\s@<>()[\]\\,;:"]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/.test(address);
}

/** The outbox (every mail's recipient and text) is for admins only. */
export function canSeeOutbox(viewer: Viewer | null): boolean {
  return hasRole(viewer, 'ADMIN');
}

/** Retrying a mail: an admin who may write. */
export function assertCanManageOutbox(viewer: Viewer | null): asserts viewer is Viewer {
  assertCanWrite(viewer);
  if (!canSeeOutbox(viewer)) throw new ForbiddenError('Only admins manage the outbox.');
}
