import { serialize as serializeCookie } from 'cookie';
import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root, UseMiddleware } from 'type-graphql';
import { WriteLimit } from '../../graphql/authorization.js';
import { createContext, type Context } from '../../graphql/context.js';
import { BadUserInputError } from '../../graphql/errors.js';
import { toGlobalId } from '../../graphql/global-id.js';
import { isSecure } from '../../http/client.js';
import type { ApiTokenEntity } from './auth.entity.js';
import {
  ApiToken,
  AuthPayload,
  CreateApiTokenInput,
  CreateApiTokenPayload,
  RevokeApiTokenInput,
  RevokeApiTokenPayload,
  SignInInput,
  SignUpInput,
} from './auth.type.js';

export const SESSION_COOKIE = 'atrium_session';

/** After signing in, the rest of the answer is seen as the new user (their email, viewer* fields). */
async function becomeViewer(ctx: Context, token: string) {
  const viewer = await ctx.services.auth.viewerForToken(token);
  Object.assign(ctx, createContext(ctx, viewer, { http: ctx.http, ip: ctx.ip }));
}

function setSessionCookie(ctx: Context, token: string | null, expires?: Date) {
  if (!ctx.http) return;
  const { req, res } = ctx.http;
  const options = { httpOnly: true, sameSite: 'lax', secure: isSecure(req, ctx.config.trustProxy), path: '/' } as const;
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
  @Mutation(() => AuthPayload, { description: 'Create an account and sign in (sets the session cookie). An email address that another account already has is not revealed: the answer is the same as for a new address (a new account, signed in, with the address kept unconfirmed: shown to its owner as `email`, never used to sign in; signing in by email reaches only the account that had it first). A taken handle is BAD_USER_INPUT with `extensions.field` handle (handles are public). A password the rules refuse (see SignUpInput.password) is BAD_USER_INPUT with `extensions.field` password.' })
  async signUp(@Arg('input', () => SignUpInput, { description: 'The input of the mutation.' }) input: SignUpInput, @Ctx() ctx: Context) {
    const result = await ctx.services.auth.signUp(input);
    setSessionCookie(ctx, result.token, result.expiresAt);
    await becomeViewer(ctx, result.token);
    return result;
  }

  @UseMiddleware(WriteLimit('signin'))
  @Mutation(() => AuthPayload, { description: 'Sign in with a handle or email and a password (sets an httpOnly session cookie).' })
  async signIn(@Arg('input', () => SignInInput, { description: 'The input of the mutation.' }) input: SignInInput, @Ctx() ctx: Context) {
    const login = input.login ?? input.handle ?? input.email;
    if (!login) throw new BadUserInputError('Give login, handle or email.', { field: 'login' });
    const result = await ctx.services.auth.signIn({ login, password: input.password });
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
}
