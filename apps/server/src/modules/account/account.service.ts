import { randomBytes, randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import type { Config } from '../../config.js';
import type { Db } from '../../db/data-source.js';
import { selectColumns } from '../../db/columns.js';
import { BadUserInputError, ForbiddenError } from '../../graphql/errors.js';
import { constraintOf, inTransaction, sqlState } from '../../lib/tx.js';
import type { Viewer } from '../../lib/viewer.js';
import { hashPassword, passwordMatches, tokenHash, type AuthResult, type AuthService, type SignInClient } from '../auth/auth.service.js';
import { assertAcceptablePassword } from '../auth/password.policy.js';
import type { MailService } from '../mail/mail.service.js';
import { UserEntity } from '../user/user.entity.js';
import { assertCanWrite, assertSignedIn } from '../user/user.policy.js';
import type { UserService } from '../user/user.service.js';
import { accountMails, type Recipient } from './account.mails.js';
import type { AccountTokenPurpose } from './account-token.entity.js';

/** A reset link works for one hour; a verification link for a week. */
export const PASSWORD_RESET_TTL_MS = 60 * 60 * 1000;
export const VERIFY_EMAIL_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/**
 * requestPasswordReset answers no sooner than this, for known and unknown addresses alike,
 * so the time it takes does not tell whether an account has the address.
 */
export const RESET_ANSWER_MS = 250;

/** Why a link from a mail did not work (`extensions.reason`). */
export type TokenProblem = 'TOKEN_INVALID' | 'TOKEN_EXPIRED' | 'TOKEN_USED' | 'TOKEN_OTHER_ACCOUNT';

const TOKEN_MESSAGES: Record<TokenProblem, string> = {
  TOKEN_INVALID: 'This link is not valid. Check that you copied all of it, or ask for a new one.',
  TOKEN_EXPIRED: 'This link has expired or a newer one was sent. Ask for a new one.',
  TOKEN_USED: 'This link was already used. Ask for a new one if you need it.',
  TOKEN_OTHER_ACCOUNT: 'This link is for another account. Sign out, then open it again.',
};

function tokenError(reason: TokenProblem): BadUserInputError {
  return new BadUserInputError(TOKEN_MESSAGES[reason], { field: 'token', reason });
}

/** Secrets are 32 random bytes, base64url: exactly 43 characters. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

const Email = z.string().trim().max(254, 'email is at most 254 characters').email('email is not a valid address');

function parseEmail(value: string, field: string): string {
  const r = Email.safeParse(value);
  if (!r.success) throw new BadUserInputError(r.error.issues[0].message.replace(/^email/, field), { field });
  return r.data;
}

interface TokenRow {
  id: string;
  userId: string;
  email: string;
  usedAt: Date | null;
  supersededAt: Date | null;
  expired: boolean;
}

type AccountRow = UserEntity & { passwordHash: string | null };

/**
 * Email verification, password reset and the viewer's own password and email changes. The
 * only writer of `account_tokens`; `users` changes go through UserService and sessions
 * through AuthService, all in one transaction with the mails they send (MailService.enqueue),
 * so a mail exists exactly when its change committed.
 */
export class AccountService {
  constructor(
    private readonly db: Db,
    private readonly config: Pick<Config, 'publicUrl'>,
    private readonly auth: AuthService,
    private readonly users: UserService,
    private readonly mail: MailService,
  ) {}

  private link(path: string, token?: string): string {
    return `${this.config.publicUrl}${path}${token ? `?token=${encodeURIComponent(token)}` : ''}`;
  }

  /** A new single-use secret; open ones of the same purpose stop working. Only its SHA-256 is kept. */
  private async issueToken(tx: EntityManager, userId: string, purpose: AccountTokenPurpose, email: string, ttlMs: number) {
    await this.supersede(tx, userId, purpose);
    const token = randomBytes(32).toString('base64url');
    const [row]: Array<{ id: string }> = await tx.query(
      `insert into account_tokens (user_id, purpose, token_hash, email, expires_at) values ($1, $2, $3, $4, now() + $5 * interval '1 millisecond') returning id`,
      [userId, purpose, tokenHash(token), email, ttlMs],
    );
    return { token, id: row.id };
  }

  /** Links of this purpose not used yet stop working (a newer one, or the password or address changed). */
  private async supersede(tx: EntityManager, userId: string, purpose: AccountTokenPurpose): Promise<void> {
    await tx.query(
      `update account_tokens set superseded_at = now() where user_id = $1 and purpose = $2 and used_at is null and superseded_at is null`,
      [userId, purpose],
    );
  }

  /** The token row for a secret from a link (locked with `forUpdate`); throws the link's problem. */
  private async openToken(runner: { query: Db['query'] }, token: string, purpose: AccountTokenPurpose, forUpdate: boolean): Promise<TokenRow> {
    if (!TOKEN_SHAPE.test(token)) throw tokenError('TOKEN_INVALID');
    const [row]: TokenRow[] = await runner.query(
      `select id, user_id as "userId", email, used_at as "usedAt", superseded_at as "supersededAt", expires_at <= now() as expired
       from account_tokens where token_hash = $1 and purpose = $2 ${forUpdate ? 'for update' : ''}`,
      [tokenHash(token), purpose],
    );
    if (!row) throw tokenError('TOKEN_INVALID');
    if (row.usedAt) throw tokenError('TOKEN_USED');
    if (row.supersededAt || row.expired) throw tokenError('TOKEN_EXPIRED');
    return row;
  }

  private async account(runner: { query: Db['query'] }, userId: string, forUpdate = false): Promise<AccountRow> {
    const [row]: AccountRow[] = await runner.query(
      `select ${selectColumns(this.db, UserEntity, 'u')}, u.password_hash as "passwordHash" from users u where u.id = $1 ${forUpdate ? 'for update' : ''}`,
      [userId],
    );
    return row;
  }

  private recipient(user: Pick<UserEntity, 'id' | 'displayName'>, email: string): Recipient {
    return { userId: user.id, displayName: user.displayName, email };
  }

  /** Mails a verification link for `email` (the account's address, or a new one it asked for). */
  private async sendVerification(tx: EntityManager, user: Pick<UserEntity, 'id' | 'displayName' | 'email'>, email: string) {
    const { token, id } = await this.issueToken(tx, user.id, 'VERIFY_EMAIL', email, VERIFY_EMAIL_TTL_MS);
    const isChange = user.email?.toLowerCase() !== email.toLowerCase();
    await this.mail.enqueue(tx, accountMails.verifyEmail(this.recipient(user, email), this.link('/verify-email', token), `verify-email:${id}`, isChange));
  }

  /**
   * The `user.signed_up` event, in signUp's transaction (wired in modules/services.ts with
   * onRecorded): a verification link to a new address; to an address another account has, a
   * notice to its owner instead (the caller's answer is the same either way, and that
   * account's unconfirmed address can never be verified).
   */
  async afterSignUp(tx: EntityManager, event: { userId: string; addressTaken: boolean }): Promise<void> {
    const [user]: Array<Pick<UserEntity, 'id' | 'displayName' | 'email'> & { unconfirmedEmail: string | null }> = await tx.query(
      'select id, display_name as "displayName", email, unconfirmed_email as "unconfirmedEmail" from users where id = $1',
      [event.userId],
    );
    const address = event.addressTaken ? user?.unconfirmedEmail : user?.email;
    if (!user || !address) return;
    if (!event.addressTaken) return this.sendVerification(tx, user, address);
    const [owner]: Array<{ id: string }> = await tx.query('select id from users where lower(email) = lower($1)', [address]);
    await this.mail.enqueue(
      tx,
      accountMails.addressAlreadyRegistered(address, owner?.id ?? null, `address-taken:sign-up:${user.id}`, this.link('/forgot-password'), 'sign-up'),
    );
  }

  /**
   * Mails a reset link when an account has this (verified or not) address and is not banned;
   * answers the same, no sooner than RESET_ANSWER_MS, whether or not one does.
   */
  async requestPasswordReset(input: { email: string }): Promise<{ email: string }> {
    const started = Date.now();
    const email = parseEmail(input.email, 'email');
    await inTransaction(this.db, async (tx) => {
      const [user]: Array<Pick<UserEntity, 'id' | 'displayName' | 'email'>> = await tx.query(
        `select id, display_name as "displayName", email from users where lower(email) = lower($1) and status <> 'BANNED' for update`,
        [email],
      );
      if (!user?.email) return;
      const { token, id } = await this.issueToken(tx, user.id, 'PASSWORD_RESET', user.email, PASSWORD_RESET_TTL_MS);
      await this.mail.enqueue(tx, accountMails.passwordReset(this.recipient(user, user.email), this.link('/reset-password', token), `password-reset:${id}`));
    });
    const wait = started + RESET_ANSWER_MS - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    return { email };
  }

  /**
   * Sets a new password from a reset link: the link is used up, every session and API token
   * of the account ends (their live connections close), the address counts as verified (the
   * link reached it), and the caller is signed in with a new session. A bad link changes
   * nothing; neither does a refused password (the link keeps working).
   */
  async resetPassword(input: { token: string; password: string }, client: SignInClient): Promise<AuthResult> {
    const peek = await this.openToken(this.db, input.token, 'PASSWORD_RESET', false);
    const before = await this.account(this.db, peek.userId);
    if (before.status === 'BANNED') throw new ForbiddenError('This account is banned.', { reason: 'VIEWER_BANNED' });
    await assertAcceptablePassword(input.password, before);
    const passwordHash = await hashPassword(input.password);
    const { result, ended } = await inTransaction(this.db, async (tx) => {
      const link = await this.openToken(tx, input.token, 'PASSWORD_RESET', true);
      await this.account(tx, link.userId, true);
      await tx.query('update account_tokens set used_at = now() where id = $1', [link.id]);
      await this.users.setPasswordHash(tx, link.userId, passwordHash, link.email);
      const ended = await this.auth.revokeAll(tx, link.userId);
      const user = await this.account(tx, link.userId);
      if (user.email) {
        await this.mail.enqueue(tx, accountMails.passwordChanged(this.recipient(user, user.email), `password-changed:${link.id}`, 'reset', this.link('/signin')));
      }
      const { passwordHash: _omit, ...entity } = user;
      await this.auth.credentialsRevoked(tx, link.userId, ended, null);
      return { result: await this.auth.startSession(tx, entity as UserEntity, client), ended };
    });
    return result;
  }

  /**
   * Opens a verification link: the account's address becomes verified, or the new address it
   * asked for becomes its address (verified). Anyone holding the link may open it, but a
   * signed-in viewer only their own (TOKEN_OTHER_ACCOUNT, nothing changed).
   */
  async verifyEmail(viewer: Viewer | null, input: { token: string }): Promise<UserEntity> {
    try {
      return await inTransaction(this.db, async (tx) => {
        const link = await this.openToken(tx, input.token, 'VERIFY_EMAIL', true);
        if (viewer && viewer.id !== link.userId) throw tokenError('TOKEN_OTHER_ACCOUNT');
        const user = await this.account(tx, link.userId, true);
        if (user.status === 'BANNED') throw new ForbiddenError('This account is banned.', { reason: 'VIEWER_BANNED' });
        await tx.query('update account_tokens set used_at = now() where id = $1', [link.id]);
        const taken: Array<{ id: string }> = await tx.query('select id from users where lower(email) = lower($1) and id <> $2', [link.email, user.id]);
        if (taken.length) throw emailTaken();
        await this.users.setVerifiedEmail(tx, user.id, link.email);
        if (user.email?.toLowerCase() !== link.email.toLowerCase()) {
          // reset links went to the old address
          await this.supersede(tx, user.id, 'PASSWORD_RESET');
        }
        const { passwordHash: _omit, ...entity } = await this.account(tx, user.id);
        return entity as UserEntity;
      });
    } catch (err) {
      if (sqlState(err) === '23505' && constraintOf(err) === 'users_email_key') throw emailTaken();
      throw err;
    }
  }

  /**
   * Sends the viewer's verification link again (for a pending new address, else for the
   * account's unverified address). With nothing to verify (already verified, or an address
   * that belongs to another account) the answer is the same and nothing is sent. Allowed
   * while suspended.
   */
  async resendVerificationEmail(viewer: Viewer | null): Promise<UserEntity> {
    assertSignedIn(viewer);
    return inTransaction(this.db, async (tx) => {
      const user = await this.account(tx, viewer.id, true);
      const pending = await this.pendingEmail(viewer.id, tx);
      const target = pending ?? (user.emailVerifiedAt ? null : user.email);
      if (target) await this.sendVerification(tx, user, target);
      const { passwordHash: _omit, ...entity } = user;
      return entity as UserEntity;
    });
  }

  /** The new address the viewer asked for and has not confirmed yet (a working link exists). */
  async pendingEmail(userId: string, runner: { query: Db['query'] } = this.db): Promise<string | null> {
    const [row]: Array<{ email: string }> = await runner.query(
      `select t.email from account_tokens t join users u on u.id = t.user_id
       where t.user_id = $1 and t.purpose = 'VERIFY_EMAIL' and t.used_at is null and t.superseded_at is null and t.expires_at > now()
         and lower(t.email) is distinct from lower(u.email)
       order by t.created_at desc limit 1`,
      [userId],
    );
    return row?.email ?? null;
  }

  private async checkCurrentPassword(viewer: Viewer, currentPassword: string): Promise<AccountRow> {
    const user = await this.account(this.db, viewer.id);
    if (!(await passwordMatches(user.passwordHash, currentPassword))) {
      throw new BadUserInputError('The current password is not right.', { field: 'currentPassword', reason: 'WRONG_PASSWORD' });
    }
    return user;
  }

  /**
   * A new password, with the current one. The viewer's other sessions end (the one asking
   * stays; API tokens stay: revoke them on their own), and the address is told. Allowed while
   * suspended: it secures the account.
   */
  async changePassword(viewer: Viewer | null, input: { currentPassword: string; newPassword: string }): Promise<{ user: UserEntity; revokedSessionCount: number }> {
    assertSignedIn(viewer);
    const user = await this.checkCurrentPassword(viewer, input.currentPassword);
    await assertAcceptablePassword(input.newPassword, user, 'newPassword');
    const passwordHash = await hashPassword(input.newPassword);
    const keep = viewer.credential.kind === 'session' ? viewer.credential.id : null;
    const ended = await inTransaction(this.db, async (tx) => {
      await this.account(tx, viewer.id, true);
      await this.users.setPasswordHash(tx, viewer.id, passwordHash);
      const ended = await this.auth.endSessions(tx, viewer.id, keep);
      await this.auth.credentialsRevoked(tx, viewer.id, ended);
      await this.supersede(tx, viewer.id, 'PASSWORD_RESET');
      if (user.email) {
        await this.mail.enqueue(tx, accountMails.passwordChanged(this.recipient(user, user.email), `password-changed:${randomUUID()}`, 'change', this.link('/signin')));
      }
      return ended;
    });
    const { passwordHash: _omit, ...entity } = user;
    return { user: entity as UserEntity, revokedSessionCount: ended.length };
  }

  /**
   * Asks to move the account to a new address, with the current password. The change takes
   * effect when the link mailed to the new address is opened (verifyEmail); the current
   * address is told at once. An address another account has gets the same answer: its owner
   * is told instead and no link is sent. Not while suspended.
   */
  async changeEmail(viewer: Viewer | null, input: { currentPassword: string; newEmail: string }): Promise<UserEntity> {
    assertCanWrite(viewer);
    const newEmail = parseEmail(input.newEmail, 'newEmail');
    const user = await this.checkCurrentPassword(viewer, input.currentPassword);
    if (user.email && user.email.toLowerCase() === newEmail.toLowerCase()) {
      throw new BadUserInputError('That is already your email address.', { field: 'newEmail' });
    }
    return inTransaction(this.db, async (tx) => {
      await this.account(tx, viewer.id, true);
      const [owner]: Array<{ id: string }> = await tx.query('select id from users where lower(email) = lower($1)', [newEmail]);
      if (owner) {
        // a link nobody receives, so the account shows the same pending address either way
        await this.issueToken(tx, user.id, 'VERIFY_EMAIL', newEmail, VERIFY_EMAIL_TTL_MS);
        await this.mail.enqueue(
          tx,
          accountMails.addressAlreadyRegistered(newEmail, owner.id, `address-taken:email-change:${randomUUID()}`, this.link('/forgot-password'), 'email-change'),
        );
      } else {
        await this.sendVerification(tx, user, newEmail);
      }
      if (user.email && user.emailVerifiedAt) {
        await this.mail.enqueue(tx, accountMails.emailChangeRequested(this.recipient(user, user.email), newEmail, `email-change-requested:${randomUUID()}`));
      }
      const { passwordHash: _omit, ...entity } = user;
      return entity as UserEntity;
    });
  }
}

function emailTaken(): BadUserInputError {
  return new BadUserInputError('This address now belongs to another account, so it cannot become yours. Ask for a change to another address.', {
    field: 'token',
    reason: 'EMAIL_TAKEN',
  });
}
