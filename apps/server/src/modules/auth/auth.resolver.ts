import type { IncomingMessage, ServerResponse } from 'node:http';
import { serialize as serializeCookie } from 'cookie';
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Resolver, Root, UseMiddleware } from 'type-graphql';
import { WriteLimit } from '../moderation/write-limits.js';
import { createContext, type Context } from '../context.js';
import { PageArgs } from '../../graphql/connection.js';
import { BadUserInputError } from '../../graphql/errors.js';
import { toGlobalId } from '../../graphql/global-id.js';
import { isSecure } from '../../http/client.js';
import { User } from '../user/user.type.js';
import type { UserEntity } from '../user/user.entity.js';
import type { ApiTokenEntity, SessionEntity } from './auth.entity.js';
import type { SignInClient } from './auth.service.js';
import {
  ApiToken,
  AuthPayload,
  CreateApiTokenInput,
  CreateApiTokenPayload,
  RevokeApiTokenInput,
  RevokeApiTokenPayload,
  RevokeSessionInput,
  RevokeSessionPayload,
  Session,
  SessionConnection,
  SignInInput,
  SignOutEverywherePayload,
  SignUpInput,
} from './auth.type.js';
import { describeUserAgent } from './user-agent.js';

export const SESSION_COOKIE = 'atrium_session';

/** After signing in, the rest of the answer is seen as the new user (their email, viewer* fields). */
export async function becomeViewer(ctx: Context, token: string) {
  const viewer = await ctx.services.auth.viewerForToken(token);
  Object.assign(ctx, createContext(ctx, viewer, { http: ctx.http, ip: ctx.ip }));
}

/** What the new session remembers of the client that signed in (shown to its owner only). */
export function signInClient(ctx: Context): SignInClient {
  const userAgent = ctx.http?.req.headers['user-agent'];
  return { userAgent: typeof userAgent === 'string' ? userAgent : null, ip: ctx.ip || null };
}

export function setSessionCookie(ctx: Context, token: string | null, expires?: Date) {
  if (ctx.http) writeSessionCookie(ctx.http.req, ctx.http.res, ctx.config.trustProxy, token, expires);
}

/** The session cookie on any response (signIn, and the OpenID provider's callback in http/oidc.ts). */
export function writeSessionCookie(req: IncomingMessage, res: ServerResponse, trustProxy: boolean, token: string | null, expires?: Date) {
  const options = { httpOnly: true, sameSite: 'lax', secure: isSecure(req, trustProxy), path: '/' } as const;
  // signing out sets an already expired, empty cookie (what Express' res.clearCookie sends)
  const cookie = token ? serializeCookie(SESSION_COOKIE, token, { ...options, expires }) : serializeCookie(SESSION_COOKIE, '', { ...options, expires: new Date(1) });
  const previous = res.getHeader('set-cookie');
  res.setHeader('set-cookie', previous === undefined ? [cookie] : [...(Array.isArray(previous) ? previous : [String(previous)]), cookie]);
}

@Resolver(() => ApiToken)
export class AuthResolver {
  @FieldResolver(() => ID, { description: 'The opaque global id of the token.' })
  id(@Root() row: ApiTokenEntity) {
    return toGlobalId('ApiToken', row.id);
  }

  @UseMiddleware(WriteLimit('signin'))
  @Mutation(() => AuthPayload, { description: 'Create an account and sign in (sets the session cookie). An email address that another account already has is not revealed: the answer is the same as for a new address (a new account, signed in, with the address kept unconfirmed: shown to its owner as `email`, never used to sign in; signing in by email reaches only the account that had it first). A verification link is mailed to a new address (commenting waits for it: User.emailVerified); the owner of a taken address gets a notice instead, and the new account’s unconfirmed address can never be verified. A taken handle is BAD_USER_INPUT with `extensions.field` handle (handles are public). A password the rules refuse (see SignUpInput.password) is BAD_USER_INPUT with `extensions.field` password.' })
  async signUp(@Arg('input', () => SignUpInput, { description: 'The input of the mutation.' }) input: SignUpInput, @Ctx() ctx: Context) {
    const result = await ctx.services.auth.signUp(input, signInClient(ctx));
    setSessionCookie(ctx, result.token, result.expiresAt);
    await becomeViewer(ctx, result.token);
    return result;
  }

  @UseMiddleware(WriteLimit('signin'))
  @Mutation(() => AuthPayload, { description: 'Sign in with a handle or email and a password (sets an httpOnly session cookie).' })
  async signIn(@Arg('input', () => SignInInput, { description: 'The input of the mutation.' }) input: SignInInput, @Ctx() ctx: Context) {
    const login = input.login ?? input.handle ?? input.email;
    if (!login) throw new BadUserInputError('Give login, handle or email.', { field: 'login' });
    const result = await ctx.services.auth.signIn({ login, password: input.password }, signInClient(ctx));
    setSessionCookie(ctx, result.token, result.expiresAt);
    await becomeViewer(ctx, result.token);
    return result;
  }

  @Mutation(() => Boolean, { description: 'End the current session and clear its cookie. False when there was none. Allowed while suspended.' })
  async signOut(@Ctx() ctx: Context) {
    setSessionCookie(ctx, null);
    return ctx.services.auth.signOut(ctx.viewer);
  }

  @Mutation(() => CreateApiTokenPayload, { description: 'Create a personal API token; its secret is shown only in this answer. Only from a signed-in session of an active account: FORBIDDEN (`extensions.reason` VIEWER_SUSPENDED) while suspended.' })
  createApiToken(@Arg('input', () => CreateApiTokenInput, { description: 'The input of the mutation.' }) input: CreateApiTokenInput, @Ctx() ctx: Context) {
    return ctx.services.auth.createApiToken(ctx.viewer, input);
  }

  @Mutation(() => RevokeApiTokenPayload, { description: 'Revoke one of your API tokens; it stops working at once. Allowed while suspended.' })
  async revokeApiToken(@Arg('input', () => RevokeApiTokenInput, { description: 'The input of the mutation.' }) input: RevokeApiTokenInput, @Ctx() ctx: Context) {
    return { apiToken: await ctx.services.auth.revokeApiToken(ctx.viewer, input.apiTokenId) };
  }

  @Mutation(() => RevokeSessionPayload, { description: 'Sign out one of your sessions (another browser or device, or this one); its open live connections close at once. A session of someone else, or one already signed out, is NOT_FOUND. Allowed while suspended (it only ends your own access).' })
  async revokeSession(@Arg('input', () => RevokeSessionInput, { description: 'The input of the mutation.' }) input: RevokeSessionInput, @Ctx() ctx: Context) {
    return { session: await ctx.services.auth.revokeSession(ctx.viewer, input.sessionId) };
  }

  @Mutation(() => SignOutEverywherePayload, { description: 'Sign out every other session of yours (the one making this request stays signed in; API tokens are not touched). Their open live connections close at once. Allowed while suspended.' })
  async signOutEverywhere(@Ctx() ctx: Context) {
    const revokedSessionCount = await ctx.services.auth.signOutEverywhere(ctx.viewer);
    return { revokedSessionCount, viewer: await ctx.loaders.users.byId.load(ctx.viewer!.id) };
  }
}

@Resolver(() => Session)
export class SessionResolver {
  @FieldResolver(() => ID, { description: 'The opaque global id of the session.' })
  id(@Root() row: SessionEntity) {
    return toGlobalId('Session', row.id);
  }

  @FieldResolver(() => String, { description: 'A short name for the browser and system that signed in, from its User-Agent, e.g. `Firefox on Windows`; `Unknown device` when it cannot tell.' })
  device(@Root() row: SessionEntity) {
    return describeUserAgent(row.userAgent);
  }

  @FieldResolver(() => Boolean, { description: 'True for the session this request is made with.' })
  isCurrent(@Root() row: SessionEntity, @Ctx() ctx: Context) {
    return ctx.viewer?.credential.kind === 'session' && ctx.viewer.credential.id === row.id;
  }
}

@Resolver(() => User)
export class UserSessionsResolver {
  @FieldResolver(() => SessionConnection, { nullable: true, description: 'Signed-in sessions that still work, most recently used first: only for the viewer themself (null for others).' })
  sessions(@Root() row: UserEntity, @Args(() => PageArgs) page: PageArgs, @Ctx() ctx: Context) {
    return ctx.viewer?.id === row.id ? ctx.services.auth.listSessions(row.id, page) : null;
  }
}
