import { GraphQLObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import type { AuthChecker } from 'type-graphql';
import { SCOPE_NAMES, type ApiTokenScope } from '../lib/scopes.js';
import { hasRole, isRole, type Viewer } from '../lib/viewer.js';
import { ForbiddenError, UnauthenticatedError } from './errors.js';

/** What the checks read of a request's context (the app's Context has more). */
interface ViewerContext {
  viewer: Viewer | null;
}

/**
 * Who may call a root field (every mutation and subscription, and the protected queries and
 * fields): `access` is the least role (`PUBLIC`: anyone, `SIGNED_IN`: any account), `scope`
 * what an API token must hold on top (`SESSION`: no token may, only a session; null: any
 * token). Ownership (author-only edits), suspension and visibility stay in the features'
 * policies. The table itself is the composition root's (modules/authorization.ts), handed in by
 * modules/schema.ts.
 */
export interface AccessRule {
  access: 'PUBLIC' | 'SIGNED_IN' | Viewer['role'];
  scope: ApiTokenScope | 'SESSION' | null;
}

/** Keyed by `Type.field` (`Mutation.addComment`, `Subscription.moderationQueue`, `Query.mailOutbox`). */
export type AuthorizationTable = Readonly<Record<string, AccessRule>>;

/** A mutation nobody put in the table: sessions only (the resolver's own checks apply); a test fails on it. */
export const UNLISTED: AccessRule = { access: 'PUBLIC', scope: 'SESSION' };

/**
 * Checks a rule against the viewer: UNAUTHENTICATED without an account where one is needed,
 * FORBIDDEN below the role, FORBIDDEN with `requiredScope` (an ApiTokenScope value) when an API
 * token lacks the scope, FORBIDDEN with `reason: SESSION_REQUIRED` for a token where only a
 * session may act. The role is the user's at this request, so a token never exceeds it.
 */
export function authorize(viewer: Viewer | null, rule: AccessRule): void {
  if (rule.access !== 'PUBLIC') {
    if (!viewer) throw new UnauthenticatedError();
    if (rule.access !== 'SIGNED_IN' && !hasRole(viewer, rule.access)) throw new ForbiddenError(`This needs the ${rule.access} role or higher.`);
  }
  if (!viewer || viewer.credential.kind !== 'api_token' || rule.scope === null) return;
  if (rule.scope === 'SESSION') {
    throw new ForbiddenError('API tokens cannot do this: sign in (a session) to create tokens or change the password, email or sessions.', {
      reason: 'SESSION_REQUIRED',
    });
  }
  if (!viewer.credential.scopes.includes(rule.scope)) {
    throw new ForbiddenError(`This API token lacks the ${SCOPE_NAMES[rule.scope]} scope (${rule.scope}).`, { requiredScope: rule.scope });
  }
}

/** The same check as a yes/no (for reads that answer null instead of an error, like `node`). */
export function allows(viewer: Viewer | null, rule: AccessRule): boolean {
  try {
    authorize(viewer, rule);
    return true;
  } catch {
    return false;
  }
}

/**
 * Puts the table in front of the schema's fields: each listed field (and every mutation, listed
 * or not) checks its rule before its resolver runs; a subscription checks before it subscribes.
 * Unlisted fields are untouched, so the hot read path costs nothing. Answers the table keys that
 * name no field (a test holds them to none).
 */
export function applyAuthorization(schema: GraphQLSchema, table: AuthorizationTable): string[] {
  const unknown = new Set(Object.keys(table));
  const guard = (typeName: string, fieldName: string, field: { resolve?: GraphQLFieldResolver<unknown, ViewerContext>; subscribe?: GraphQLFieldResolver<unknown, ViewerContext> }) => {
    const key = `${typeName}.${fieldName}`;
    unknown.delete(key);
    const rule = table[key] ?? (typeName === 'Mutation' ? UNLISTED : null);
    if (!rule) return;
    const slot = typeName === 'Subscription' && field.subscribe ? 'subscribe' : 'resolve';
    const inner = field[slot];
    field[slot] = (source, args, ctx, info) => {
      authorize(ctx.viewer, rule);
      return inner ? inner(source, args, ctx, info) : (source as Record<string, unknown>)[fieldName];
    };
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (!(type instanceof GraphQLObjectType) || type.name.startsWith('__')) continue;
    for (const [name, field] of Object.entries(type.getFields())) guard(type.name, name, field);
  }
  return [...unknown];
}

/**
 * `@Authorized('MODERATOR')`: the older per-resolver form; roles and scopes now live in the
 * authorization table (modules/authorization.ts), which every mutation must be in.
 */
export const authChecker: AuthChecker<ViewerContext> = ({ context }, roles) => {
  if (!context.viewer) throw new UnauthenticatedError();
  const min = roles.find(isRole);
  if (min && !hasRole(context.viewer, min)) throw new ForbiddenError(`This needs the ${min} role or higher.`);
  return true;
};
