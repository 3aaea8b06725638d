import type { AuthChecker, MiddlewareFn } from 'type-graphql';
import { hasRole, isRole } from '../lib/viewer.js';
import type { WriteKind } from '../modules/moderation/write-limits.js';
import type { Context } from './context.js';
import { ForbiddenError, UnauthenticatedError } from './errors.js';

/**
 * `@Authorized('MODERATOR')` on a mutation: the least role it needs. Declared once per
 * mutation; ownership (author-only edits) stays in each feature's policy.
 */
export const authChecker: AuthChecker<Context> = ({ context }, roles) => {
  if (!context.viewer) throw new UnauthenticatedError();
  const min = roles.find(isRole);
  if (min && !hasRole(context.viewer, min)) throw new ForbiddenError(`This needs the ${min} role or higher.`);
  return true;
};

/** `@UseMiddleware(WriteLimit('comment'))`: per-user and per-IP write budgets (RATE_LIMITED with retryAfter). */
export function WriteLimit(kind: WriteKind): MiddlewareFn<Context> {
  return async ({ context, args }, next) => {
    await context.services.writeLimits.consume(kind, context, args as Record<string, unknown>);
    return next();
  };
}
