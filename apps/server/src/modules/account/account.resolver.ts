import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root, UseMiddleware } from 'type-graphql';
import { WriteLimit } from '../moderation/write-limits.js';
import type { Context } from '../context.js';
import { becomeViewer, setSessionCookie, signInClient } from '../auth/auth.resolver.js';
import { AuthPayload } from '../auth/auth.type.js';
import type { UserEntity } from '../user/user.entity.js';
import { canSeeEmail } from '../user/user.policy.js';
import { User } from '../user/user.type.js';
import {
  ChangeEmailInput,
  ChangeEmailPayload,
  ChangePasswordInput,
  ChangePasswordPayload,
  RequestPasswordResetInput,
  RequestPasswordResetPayload,
  ResendVerificationEmailPayload,
  ResetPasswordInput,
  VerifyEmailInput,
  VerifyEmailPayload,
} from './account.type.js';

const LINK_ERRORS = 'A bad link is BAD_USER_INPUT on `token` with `extensions.reason` TOKEN_INVALID (forged or mistyped), TOKEN_EXPIRED (too old, or a newer link was sent) or TOKEN_USED; nothing changes.';

@Resolver()
export class AccountResolver {
  @UseMiddleware(WriteLimit('accountMail'))
  @Mutation(() => RequestPasswordResetPayload, { description: `Forgot password: mails a single-use link (valid one hour; a new request replaces the older link) to the account with this address. The answer is the same whether or not an account has the address (no account enumeration), and so is its timing. Rate limited per address and per IP (WRITE_LIMIT_ACCOUNT_MAIL an hour; RATE_LIMITED with retryAfter). Also how an imported account without a password claims it.` })
  requestPasswordReset(@Arg('input', () => RequestPasswordResetInput, { description: 'The input of the mutation.' }) input: RequestPasswordResetInput, @Ctx() ctx: Context) {
    return ctx.services.account.requestPasswordReset(input);
  }

  @UseMiddleware(WriteLimit('signin'))
  @Mutation(() => AuthPayload, { description: `Sets a new password from a reset link and signs in with a new session (sets the session cookie). Every other session and API token of the account ends at once (their live connections close) and the address counts as verified. ${LINK_ERRORS} A refused password is BAD_USER_INPUT on \`password\` and leaves the link working. A banned account is FORBIDDEN.` })
  async resetPassword(@Arg('input', () => ResetPasswordInput, { description: 'The input of the mutation.' }) input: ResetPasswordInput, @Ctx() ctx: Context) {
    const result = await ctx.services.account.resetPassword(input, signInClient(ctx));
    setSessionCookie(ctx, result.token, result.expiresAt);
    await becomeViewer(ctx, result.token);
    return result;
  }

  @UseMiddleware(WriteLimit('signin'))
  @Mutation(() => VerifyEmailPayload, { description: `Confirms an email address from the link mailed to it: the account's address becomes verified (it may comment), or the new address asked for with changeEmail becomes its address. Works signed out; signed in, only for your own account (else BAD_USER_INPUT with reason TOKEN_OTHER_ACCOUNT). ${LINK_ERRORS} An address another account took meanwhile is BAD_USER_INPUT with reason EMAIL_TAKEN.` })
  async verifyEmail(@Arg('input', () => VerifyEmailInput, { description: 'The input of the mutation.' }) input: VerifyEmailInput, @Ctx() ctx: Context) {
    return { user: await ctx.services.account.verifyEmail(ctx.viewer, input) };
  }

  @UseMiddleware(WriteLimit('accountMail'))
  @Mutation(() => ResendVerificationEmailPayload, { description: 'Mails your verification link again (to the new address you asked for, if any; else to your address). A new link replaces the older one. With nothing to verify the answer is the same and nothing is sent. Rate limited (WRITE_LIMIT_ACCOUNT_MAIL an hour). Allowed while suspended.' })
  async resendVerificationEmail(@Ctx() ctx: Context) {
    return { user: await ctx.services.account.resendVerificationEmail(ctx.viewer) };
  }

  @UseMiddleware(WriteLimit('signin'))
  @Mutation(() => ChangePasswordPayload, { description: 'Change your password, giving the current one (a wrong one is BAD_USER_INPUT on `currentPassword` with reason WRONG_PASSWORD; a refused new one on `newPassword`). Your other sessions are signed out (this one stays; API tokens stay) and your address gets a notice. Allowed while suspended.' })
  changePassword(@Arg('input', () => ChangePasswordInput, { description: 'The input of the mutation.' }) input: ChangePasswordInput, @Ctx() ctx: Context) {
    return ctx.services.account.changePassword(ctx.viewer, input);
  }

  @UseMiddleware(WriteLimit('signin'), WriteLimit('accountMail'))
  @Mutation(() => ChangeEmailPayload, { description: 'Ask to use another email address, giving the current password. A link goes to the new address; the change takes effect when it is opened (verifyEmail), and until then `email` stays the old address and `pendingEmail` shows the new one. Your current address gets a notice at once. Whether another account has the new address is not revealed (its owner is told instead). FORBIDDEN while suspended.' })
  async changeEmail(@Arg('input', () => ChangeEmailInput, { description: 'The input of the mutation.' }) input: ChangeEmailInput, @Ctx() ctx: Context) {
    return { user: await ctx.services.account.changeEmail(ctx.viewer, input) };
  }
}

@Resolver(() => User)
export class UserEmailStatusResolver {
  @FieldResolver(() => Boolean, { nullable: true, description: 'Whether the account proved it receives mail at its address (a verification or reset link was opened): only to the user themself and ADMIN (null for others). Unverified accounts read and vote, but cannot comment while REQUIRE_VERIFIED_EMAIL_TO_COMMENT is on.' })
  emailVerified(@Root() row: UserEntity, @Ctx() ctx: Context) {
    return canSeeEmail(ctx.viewer, row.id) ? row.email !== null && row.emailVerifiedAt !== null : null;
  }

  @FieldResolver(() => String, { nullable: true, description: 'A new address asked for with changeEmail and not confirmed yet: only to the user themself (null for others, and when there is none).' })
  pendingEmail(@Root() row: UserEntity, @Ctx() ctx: Context) {
    return ctx.viewer?.id === row.id ? ctx.services.account.pendingEmail(row.id) : null;
  }
}
