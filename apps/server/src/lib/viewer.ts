import type { Role, UserStatus } from './roles.js';
import type { ApiTokenScope } from './scopes.js';

/** Who is asking, as resolved from a session cookie, a session token or an API token. */
export interface Viewer {
  id: string;
  handle: string;
  role: Role;
  status: UserStatus;
  suspendedUntil: Date | null;
  /** False while the account's email address is not verified (see REQUIRE_VERIFIED_EMAIL_TO_COMMENT); absent when not looked up. */
  emailVerified?: boolean;
  /** How the request authenticated; an API token carries its scopes (lib/scopes.ts), a session has every right of the role. */
  credential: { kind: 'session'; id: string } | { kind: 'api_token'; id: string; scopes: readonly ApiTokenScope[] };
}

const RANK: Record<Role, number> = { MEMBER: 0, AGENT: 1, MODERATOR: 2, ADMIN: 3 };

export function hasRole(viewer: Pick<Viewer, 'role'> | null | undefined, min: Role): boolean {
  return !!viewer && RANK[viewer.role] >= RANK[min];
}

export function isStaff(viewer: Pick<Viewer, 'role'> | null | undefined): boolean {
  return hasRole(viewer, 'AGENT');
}

export function isRole(value: string): value is Role {
  return value in RANK;
}

/** A suspension that has run out no longer counts. */
export function effectiveStatus(status: UserStatus, suspendedUntil: Date | null, now = new Date()): UserStatus {
  if (status === 'SUSPENDED' && suspendedUntil && suspendedUntil <= now) return 'ACTIVE';
  return status;
}
