import type { OidcConfig } from '../../config.js';
import { isStaff } from '../../lib/viewer.js';
import type { Role } from '../user/user.entity.js';

/** What the provider says about the person (ID token claims, completed by userinfo). */
export type OidcClaims = Record<string, unknown> & { sub: string };

const RANK: Record<Role, number> = { MEMBER: 0, AGENT: 1, MODERATOR: 2, ADMIN: 3 };

/**
 * The role the provider's claim gives, the highest of every mapped value the person has
 * (OIDC_ROLE_MAP; a value that is not mapped counts as MEMBER). null when no role claim is
 * configured: then SSO never sets roles and admins manage them in the app.
 */
export function roleFromClaims(claims: OidcClaims, oidc: Pick<OidcConfig, 'roleClaim' | 'roleMap'>): Role | null {
  if (!oidc.roleClaim) return null;
  const raw = claims[oidc.roleClaim];
  const values = (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === 'string');
  let role: Role = 'MEMBER';
  for (const { value, role: mapped } of oidc.roleMap) {
    if (values.includes(value) && RANK[mapped] > RANK[role]) role = mapped;
  }
  return role;
}

/** The provider vouches for the address (`email_verified: true`; some providers send the string). */
export function emailIsVerified(claims: OidcClaims): boolean {
  return claims.email_verified === true || claims.email_verified === 'true';
}

/** The claim's address when it looks like one (trimmed, at most 254 characters), else null. */
export function emailOf(claims: OidcClaims): string | null {
  const email = typeof claims.email === 'string' ? claims.email.trim() : '';
  return email.length <= 254 && /^[^\s@]+@[^\s@]+$/.test(email) ? email : null;
}

/** With SSO_ONLY_FOR_STAFF, staff accounts (AGENT and up) may not sign in with a password. */
export function passwordSignInAllowed(user: { role: Role }, ssoOnlyForStaff: boolean): boolean {
  return !(ssoOnlyForStaff && isStaff(user));
}
