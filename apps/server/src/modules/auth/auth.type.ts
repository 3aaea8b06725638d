import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { API_TOKEN_SCOPES, SCOPE_NAMES, type ApiTokenScope } from '../../lib/scopes.js';
import { Connection } from '../../graphql/connection.js';
import { Node } from '../../graphql/node.js';
import { User } from '../user/user.type.js';

/** The GraphQL enum of lib/scopes.ts (values and names are the same strings). */
export const ApiTokenScopeEnum = Object.fromEntries(API_TOKEN_SCOPES.map((s) => [s, s])) as { [S in ApiTokenScope]: S };

const SCOPE_DESCRIPTIONS: Record<ApiTokenScope, string> = {
  READ: 'Read everything the user may read (always granted; the default).',
  WRITE_COMMENTS: 'Add, edit and delete one’s own comments and flag comments.',
  WRITE_VOTES: 'Vote on articles and comments.',
  WRITE_NOTIFICATIONS: 'Follow and unfollow articles and mark notifications read.',
  MODERATE: 'Moderation (MODERATOR+): the queue and log, hiding, approving, flags, locks, suspending and banning members.',
  ADMIN_CONTENT: 'Knowledge-base content (AGENT+): articles, official answers, files; categories and sections for ADMIN.',
  ADMIN_USERS: 'User administration (ADMIN): roles and the mail outbox.',
  ADMIN_WEBHOOKS: 'Webhook endpoints and their deliveries (ADMIN).',
};

registerEnumType(ApiTokenScopeEnum, {
  name: 'ApiTokenScope',
  description:
    'What an API token may do, within its user’s role at the time of use. A request beyond a token’s scopes is FORBIDDEN with `extensions.requiredScope` naming the missing value of this enum. Sessions (the cookie or signIn’s token) are not scoped.',
  valuesConfig: Object.fromEntries(API_TOKEN_SCOPES.map((s) => [s, { description: `\`${SCOPE_NAMES[s]}\`: ${SCOPE_DESCRIPTIONS[s]}` }])),
});

@ObjectType('ApiToken', { implements: Node, description: 'A personal token for third-party API access. The secret is shown once.' })
export class ApiToken extends Node {
  @Field(() => ID, { description: 'The opaque global id of the token.' })
  declare id: string;
  @Field(() => String, { description: 'What the token is for.' })
  name!: string;
  @Field(() => Date, { description: 'When it was created.' })
  createdAt!: Date;
  @Field(() => Date, { nullable: true, description: 'When it was last used (to the minute).' })
  lastUsedAt!: Date | null;
  @Field(() => Date, { nullable: true, description: 'When it stops working, if ever.' })
  expiresAt!: Date | null;
  @Field(() => Date, { nullable: true, description: 'When it was revoked.' })
  revokedAt!: Date | null;
  @Field(() => [ApiTokenScopeEnum], { description: 'What the token may do (READ always among them), within its user’s role at the time of use.' })
  scopes!: ApiTokenScope[];
}

@InputType('SignUpInput', { description: 'A new account.' })
export class SignUpInput {
  @Field(() => String, { description: 'Unique handle: 3..30 lowercase letters, digits, _ and -.' })
  handle!: string;
  @Field(() => String, { description: 'The name shown next to their content.' })
  displayName!: string;
  @Field(() => String, { description: 'Email address (never shown to others). Whether another account has it is not revealed (see Mutation.signUp).' })
  email!: string;
  @Field(() => String, { description: '8..256 characters of anything (spaces and any Unicode; no composition rules), not only whitespace, and not easy to guess: the zxcvbn-ts estimator (common and breached passwords, words, names, keyboard patterns, and the handle, email and display name given here) must rate it at least 3 of 4. A refusal is BAD_USER_INPUT with `extensions.field` password and the estimator’s `warning` and `suggestions`.' })
  password!: string;
}

@InputType('SignInInput', { description: 'Credentials: a handle or an email, and the password.' })
export class SignInInput {
  @Field(() => String, { nullable: true, description: 'The handle or the email address.' })
  login?: string | null;
  @Field(() => String, { nullable: true, description: 'The handle (alternative to login).' })
  handle?: string | null;
  @Field(() => String, { nullable: true, description: 'The email address (alternative to login).' })
  email?: string | null;
  @Field(() => String, { description: 'The password.' })
  password!: string;
}

@ObjectType('AuthPayload', { description: 'A new session. The token is also set as an httpOnly cookie.' })
export class AuthPayload {
  @Field(() => String, { description: 'A bearer token for the Authorization header.' })
  token!: string;
  @Field(() => User, { description: 'The signed-in user.' })
  user!: object;
  @Field(() => Date, { description: 'When the session expires.' })
  expiresAt!: Date;
}

@InputType('CreateApiTokenInput', { description: 'A new API token.' })
export class CreateApiTokenInput {
  @Field(() => String, { description: 'What the token is for (1..100 characters).' })
  name!: string;
  @Field(() => [ApiTokenScopeEnum], {
    nullable: true,
    description: 'What it may do; READ is always added, READ alone when omitted. A scope the viewer’s role cannot use (MODERATE for a member) is BAD_USER_INPUT on `scopes`.',
  })
  scopes?: ApiTokenScope[] | null;
  @Field(() => Date, { nullable: true, description: 'When it stops working; never when omitted.' })
  expiresAt?: Date | null;
}

@ObjectType('CreateApiTokenPayload', { description: 'The new token and its secret, shown only this once.' })
export class CreateApiTokenPayload {
  @Field(() => ApiToken, { description: 'The token record.' })
  apiToken!: object;
  @Field(() => String, { description: 'The secret: use it as `Authorization: Bearer <token>`. Not shown again.' })
  token!: string;
}

@InputType('RevokeApiTokenInput', { description: 'Names a token to revoke.' })
export class RevokeApiTokenInput {
  @Field(() => ID, { description: 'The token.' })
  apiTokenId!: string;
}

@ObjectType('RevokeApiTokenPayload', { description: 'The revoked token.' })
export class RevokeApiTokenPayload {
  @Field(() => ApiToken, { description: 'The token, now revoked.' })
  apiToken!: object;
}

@ObjectType('Session', { implements: Node, description: 'A signed-in browser or app of the viewer (a session cookie or sign-in token). Only its owner sees it.' })
export class Session extends Node {
  @Field(() => ID, { description: 'The opaque global id of the session.' })
  declare id: string;
  @Field(() => Date, { description: 'When it was signed in.' })
  createdAt!: Date;
  @Field(() => Date, { description: 'When it was last used (to the minute).' })
  lastUsedAt!: Date;
  @Field(() => Date, { description: 'When it ends unless used to sign out earlier.' })
  expiresAt!: Date;
  @Field(() => String, { nullable: true, description: 'The User-Agent of the browser that signed in (at most 500 characters); null when it sent none.' })
  userAgent!: string | null;
  @Field(() => String, { description: 'A short name for the browser and system that signed in, from its User-Agent, e.g. `Firefox on Windows`; `Unknown device` when it cannot tell.' })
  device!: string;
  @Field(() => String, { nullable: true, description: 'The IP address it signed in from (behind a proxy only with TRUST_PROXY); null when unknown.' })
  ip!: string | null;
  @Field(() => Boolean, { description: 'True for the session this request is made with.' })
  isCurrent!: boolean;
}

@ObjectType('SessionConnection', { description: 'Sessions of the viewer, most recently used first.' })
export class SessionConnection extends Connection(Session, 'Session') {}

@InputType('RevokeSessionInput', { description: 'Names a session of the viewer to sign out.' })
export class RevokeSessionInput {
  @Field(() => ID, { description: 'The session (from `viewer.sessions`).' })
  sessionId!: string;
}

@ObjectType('RevokeSessionPayload', { description: 'The session that was signed out.' })
export class RevokeSessionPayload {
  @Field(() => Session, { description: 'The session, now signed out.' })
  session!: object;
}

@ObjectType('SignOutEverywherePayload', { description: 'What signing out the other sessions did.' })
export class SignOutEverywherePayload {
  @Field(() => Int, { description: 'How many sessions were signed out.' })
  revokedSessionCount!: number;
  @Field(() => User, { description: 'The viewer (whose `sessions` now hold only the current one).' })
  viewer!: object;
}
