import type { Role } from './roles.js';

/**
 * What an API token may do beyond its user's role (#21). Every token reads (READ is always
 * granted); the others add kinds of writes and the staff screens. Sessions (the cookie, or
 * signIn's bearer token) are not scoped: they have every right of their user's role.
 */
export const API_TOKEN_SCOPES = [
  'READ',
  'WRITE_COMMENTS',
  'WRITE_VOTES',
  'WRITE_NOTIFICATIONS',
  'MODERATE',
  'ADMIN_CONTENT',
  'ADMIN_USERS',
  'ADMIN_WEBHOOKS',
] as const;
export type ApiTokenScope = (typeof API_TOKEN_SCOPES)[number];

export function isApiTokenScope(value: unknown): value is ApiTokenScope {
  return typeof value === 'string' && (API_TOKEN_SCOPES as readonly string[]).includes(value);
}

/** The scope names of issue #21 and the account page (`write:comments` …), by enum value. */
export const SCOPE_NAMES: Record<ApiTokenScope, string> = {
  READ: 'read',
  WRITE_COMMENTS: 'write:comments',
  WRITE_VOTES: 'write:votes',
  WRITE_NOTIFICATIONS: 'write:notifications',
  MODERATE: 'moderate',
  ADMIN_CONTENT: 'admin:content',
  ADMIN_USERS: 'admin:users',
  ADMIN_WEBHOOKS: 'admin:webhooks',
};

/**
 * The least role for which a scope means anything: a token can only be created with scopes its
 * user's role can use (the role is checked again at every request, so a demoted user's token
 * loses what the new role cannot do).
 */
export const SCOPE_MIN_ROLE: Record<ApiTokenScope, Role> = {
  READ: 'MEMBER',
  WRITE_COMMENTS: 'MEMBER',
  WRITE_VOTES: 'MEMBER',
  WRITE_NOTIFICATIONS: 'MEMBER',
  MODERATE: 'MODERATOR',
  ADMIN_CONTENT: 'AGENT',
  ADMIN_USERS: 'ADMIN',
  ADMIN_WEBHOOKS: 'ADMIN',
};

/** The scopes a token created with `requested` holds: READ always, in enum order, no repeats. */
export function normalizeScopes(requested: readonly ApiTokenScope[] | null | undefined): ApiTokenScope[] {
  const wanted = new Set<ApiTokenScope>(['READ', ...(requested ?? [])]);
  return API_TOKEN_SCOPES.filter((s) => wanted.has(s));
}
