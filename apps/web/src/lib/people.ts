import type { Role } from '@atrium/schema';

/** Where a person's public profile lives. */
export function profilePath(handle: string): string {
  return `/users/${encodeURIComponent(handle)}`;
}

export const ROLE_NAMES: Record<Role, string> = { ADMIN: 'Admin', MODERATOR: 'Moderator', AGENT: 'Agent', MEMBER: 'Member' };
