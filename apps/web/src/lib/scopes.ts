import type { ApiTokenScope, Role } from '@atrium/schema';

/** How the account page names and explains API token scopes (the server's ApiTokenScope). */
export interface ScopeInfo {
  scope: ApiTokenScope;
  /** The short name (`write:comments`), shown as a badge. */
  name: string;
  description: string;
  /** The least role that can use it: the form offers only these. */
  minRole: Role;
}

export const SCOPES: ScopeInfo[] = [
  { scope: 'READ', name: 'read', description: 'Read everything you can read (always included).', minRole: 'MEMBER' },
  { scope: 'WRITE_COMMENTS', name: 'write:comments', description: 'Post, edit and delete your comments; report comments.', minRole: 'MEMBER' },
  { scope: 'WRITE_VOTES', name: 'write:votes', description: 'Vote on articles and comments.', minRole: 'MEMBER' },
  { scope: 'WRITE_NOTIFICATIONS', name: 'write:notifications', description: 'Follow articles, mark notifications read, change notification settings.', minRole: 'MEMBER' },
  { scope: 'ADMIN_CONTENT', name: 'admin:content', description: 'Write and publish articles and official answers.', minRole: 'AGENT' },
  { scope: 'MODERATE', name: 'moderate', description: 'Moderation: the queue, hiding, approving, suspending members.', minRole: 'MODERATOR' },
  { scope: 'ADMIN_USERS', name: 'admin:users', description: 'Change roles; read the mail outbox.', minRole: 'ADMIN' },
  { scope: 'ADMIN_WEBHOOKS', name: 'admin:webhooks', description: 'Manage webhook endpoints.', minRole: 'ADMIN' },
];

const RANK: Record<Role, number> = { MEMBER: 0, AGENT: 1, MODERATOR: 2, ADMIN: 3 };

/** The scopes a user of `role` may give a token. */
export function scopesFor(role: Role): ScopeInfo[] {
  return SCOPES.filter((s) => RANK[role] >= RANK[s.minRole]);
}

/** The badge text of a scope (`write:comments`). */
export function scopeName(scope: ApiTokenScope): string {
  return SCOPES.find((s) => s.scope === scope)?.name ?? scope.toLowerCase();
}
