import { allows } from '../../graphql/authorization.js';
import { ForbiddenError, UnauthenticatedError } from '../../graphql/errors.js';
import { effectiveStatus, hasRole, isStaff, type Viewer } from '../../lib/viewer.js';
import type { Role } from './user.entity.js';
import { AUTHORIZATION_BEYOND_FIELDS } from '../authorization.js';

/** Email addresses are private: the user themself and admins (an admin's API token only with ADMIN_USERS). */
export function canSeeEmail(viewer: Viewer | null, userId: string): boolean {
  return !!viewer && (viewer.id === userId || allows(viewer, AUTHORIZATION_BEYOND_FIELDS.readOthersEmail));
}

/*
 * What an account's status allows. One rule for every mutation:
 * - ACTIVE: everything its role allows.
 * - SUSPENDED (until `suspendedUntil`): read-only. It can read what a member can (its own
 *   notifications too), sign in, sign out and revoke its own API tokens: the writes that
 *   only end its own access (signing out its other sessions, one by one or all, too), and
 *   securing its own account (changePassword, verifyEmail, resendVerificationEmail,
 *   resetPassword by a mailed link). Everything else (changeEmail too) is refused with FORBIDDEN and
 *   `extensions.reason = VIEWER_SUSPENDED`: comments, votes, flags, follows and unfollows,
 *   marking notifications read, new API tokens, articles, structure and moderation, whatever
 *   the role.
 * - BANNED: nothing. A ban revokes every session and token, a banned account's credentials
 *   resolve to no viewer (UNAUTHENTICATED) and signIn answers FORBIDDEN.
 */

/** Whether the viewer is signed in and neither suspended nor banned. */
export function canWrite(viewer: Viewer | null): boolean {
  return !!viewer && effectiveStatus(viewer.status, viewer.suspendedUntil) === 'ACTIVE';
}

/** Every write except signing out and revoking one's own API tokens: throws unless the viewer is signed in and neither suspended nor banned. */
export function assertCanWrite(viewer: Viewer | null): asserts viewer is Viewer {
  if (!viewer) throw new UnauthenticatedError();
  const status = effectiveStatus(viewer.status, viewer.suspendedUntil);
  if (status === 'BANNED') throw new ForbiddenError('Your account is banned.', { reason: 'VIEWER_BANNED' });
  if (status === 'SUSPENDED') {
    const until = viewer.suspendedUntil ? ` until ${viewer.suspendedUntil.toISOString()}` : '';
    throw new ForbiddenError(
      `Your account is suspended${until}: you can read, sign out and revoke your API tokens, but not write or create tokens until it ends.`,
      { reason: 'VIEWER_SUSPENDED', suspendedUntil: viewer.suspendedUntil?.toISOString() ?? null },
    );
  }
}

/**
 * Whether the viewer must verify their email address before commenting: members (staff are
 * vouched for by the admin who made them staff) whose address is not verified, while
 * REQUIRE_VERIFIED_EMAIL_TO_COMMENT is on (the default). Reading and voting need no
 * verification.
 */
export function mustVerifyEmailToComment(viewer: Viewer, config: { requireVerifiedEmailToComment?: boolean }): boolean {
  return config.requireVerifiedEmailToComment !== false && viewer.emailVerified === false && !isStaff(viewer);
}

/**
 * Signing out (this or other sessions), revoking one's own API tokens, and securing one's own
 * account (changing the password, verifying the address, asking for a verification link
 * again): allowed to any signed-in account, suspended ones included.
 */
export function assertSignedIn(viewer: Viewer | null): asserts viewer is Viewer {
  if (!viewer) throw new UnauthenticatedError();
}

/**
 * Acting on another account (suspend, ban, reinstate, change its role): moderators act on
 * members; staff accounts (AGENT, MODERATOR, ADMIN) are acted on by admins only; nobody acts
 * on their own account.
 */
export function canActOnUser(viewer: Viewer | null, target: { id: string; role: Role }): boolean {
  if (!viewer || viewer.id === target.id || !hasRole(viewer, 'MODERATOR')) return false;
  return !isStaff(target) || hasRole(viewer, 'ADMIN');
}

/** canActOnUser with the reason as a FORBIDDEN message. */
export function assertCanActOnUser(viewer: Viewer, target: { id: string; role: Role }): void {
  if (canActOnUser(viewer, target)) return;
  if (viewer.id === target.id) throw new ForbiddenError('You cannot do this to your own account.');
  if (!hasRole(viewer, 'MODERATOR')) throw new ForbiddenError('Only moderators and admins can act on accounts.');
  throw new ForbiddenError('Only admins can act on staff accounts (agents, moderators and admins).', { targetRole: target.role });
}
