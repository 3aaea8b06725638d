import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  AddCommentDocument,
  ChangeEmailDocument,
  ChangePasswordDocument,
  CreateApiTokenDocument,
  RequestPasswordResetDocument,
  ResendVerificationEmailDocument,
  ResetPasswordDocument,
  SignInDocument,
  SignUpDocument,
  VerifyEmailDocument,
  ViewerEmailStatusDocument,
  VoteArticleDocument,
} from '@atrium/schema';
import { buildArticle, buildUser, TEST_PASSWORD, type TestUser } from '../../../test/factories.js';
import { app, gql, sql, startTestApp, useTestApp } from '../../../test/harness.js';
import { useMailServer, type ReceivedMail } from '../../../test/mail-server.js';
import { RESET_ANSWER_MS } from './account.service.js';

const mailbox = useMailServer();
useTestApp(() => ({ smtpUrl: mailbox().url }));

beforeAll(async () => {
  // send at once (the default poll waits longer)
  await app().services.mail.stop();
  app().services.mail.start({ pollMs: 50, retryBaseMs: 150, retryMaxMs: 400, smtpTimeoutMs: 3000 });
});

const NEW_PASSWORD = 'plum orchard lantern 42';
const uniq = () => randomBytes(4).toString('hex');

/** The link a mail carries to `path`, as a user would follow it: on this app, in the text and the HTML part alike. */
function linkIn(mail: ReceivedMail, path: string): { url: URL; token: string } {
  const match = mail.text.match(new RegExp(`https?://\\S+${path}\\?token=[A-Za-z0-9_%-]+`));
  if (!match) throw new Error(`no ${path} link in:\n${mail.text}`);
  const url = new URL(match[0]);
  expect(url.origin).toBe(new URL(app().url).origin);
  expect(mail.html).toContain(`href="${match[0]}"`);
  return { url, token: url.searchParams.get('token')! };
}

const viewerOf = async (token: string) => (await gql(ViewerEmailStatusDocument, {}, { token })).expectData().viewer;
const mailRows = (to: string) => sql<{ kind: string; subject: string }>('select kind, subject from mails where lower("to") = lower($1) order by created_at', [to]);

async function signUp(email: string) {
  const handle = `acc_${uniq()}`;
  const res = await gql(SignUpDocument, { input: { handle, displayName: 'Ada Account', email, password: 'long enough pw' } });
  return { handle, ...res.expectData().signUp };
}

async function resetLinkFor(email: string): Promise<string> {
  (await gql(RequestPasswordResetDocument, { input: { email } })).expectData();
  const mail = await mailbox().next({ to: email });
  expect(mail.subject).toBe('Reset your password');
  expect(mail.text).toContain('one hour');
  return linkIn(mail, '/reset-password').token;
}

function expectReason(res: { expectErrorCode(code: string): { extensions?: Record<string, unknown> } }, code: string, reason: string) {
  expect(res.expectErrorCode(code).extensions).toMatchObject({ reason });
}

describe('email verification', () => {
  it('sign-up mails a link; the account reads and votes but comments only once the link is opened', async () => {
    const email = `ada_${uniq()}@example.com`;
    const { token: session } = await signUp(email);
    const mail = await mailbox().next({ to: email });
    expect(mail.subject).toBe('Confirm your email address');
    expect(mail.html).toMatch(/<a href="http/);
    const { token } = linkIn(mail, '/verify-email');
    expect(await viewerOf(session)).toMatchObject({ email, emailVerified: false, pendingEmail: null });

    const article = await buildArticle();
    (await gql(VoteArticleDocument, { input: { articleId: article.gid, helpful: true } }, { token: session })).expectData();
    const refused = await gql(AddCommentDocument, { input: { articleId: article.gid, body: 'first!' } }, { token: session });
    expectReason(refused, 'FORBIDDEN', 'EMAIL_NOT_VERIFIED');
    expect(await sql('select 1 from comments where article_id = $1', [article.id])).toEqual([]);

    // opened signed out, in another browser: the token alone proves the mailbox
    const verified = (await gql(VerifyEmailDocument, { input: { token } })).expectData().verifyEmail.user;
    expect(verified.email).toBeNull(); // anonymous: not shown
    expect(await viewerOf(session)).toMatchObject({ email, emailVerified: true });
    (await gql(AddCommentDocument, { input: { articleId: article.gid, body: 'first!' } }, { token: session })).expectData();

    expectReason(await gql(VerifyEmailDocument, { input: { token } }), 'BAD_USER_INPUT', 'TOKEN_USED');
  });

  it('a sign-up with a taken address tells its owner, answers the same, and can never verify it', async () => {
    const owner = await buildUser();
    const fresh = await signUp(`fresh_${uniq()}@example.com`);
    const taken = await signUp(owner.email);
    expect(Object.keys(taken).sort()).toEqual(Object.keys(fresh).sort());
    expect(taken.user.email).toBe(owner.email); // shown to its (new) owner as before

    const notice = await mailbox().next({ to: owner.email });
    expect(notice.subject).toBe('Someone tried to use your email address');
    expect(notice.text).toContain('Someone tried to create an account with this address');
    expect(notice.text).not.toContain(taken.handle);
    expect(notice.text).toContain(`${app().url}/forgot-password`); // the way back in, if it was the owner
    // resend answers like for anyone else and sends nothing
    const resend = await gql(ResendVerificationEmailDocument, {}, { token: taken.token });
    expect(resend.expectData().resendVerificationEmail.user).toMatchObject({ emailVerified: false, pendingEmail: null });
    const [{ id }] = await sql<{ id: string }>('select id from users where handle = $1', [taken.handle]);
    expect(await sql(`select kind from mails where user_id = $1`, [id])).toEqual([]);
    expect(await sql(`select 1 from account_tokens where user_id = $1`, [id])).toEqual([]);
  });

  it('refuses a link for another account, a forged, an expired and a superseded link, changing nothing', async () => {
    const email = `bob_${uniq()}@example.com`;
    const bob = await signUp(email);
    const first = linkIn(await mailbox().next({ to: email }), '/verify-email').token;
    const other = await buildUser();
    expectReason(await gql(VerifyEmailDocument, { input: { token: first } }, { as: other }), 'BAD_USER_INPUT', 'TOKEN_OTHER_ACCOUNT');
    expectReason(await gql(VerifyEmailDocument, { input: { token: randomBytes(32).toString('base64url') } }), 'BAD_USER_INPUT', 'TOKEN_INVALID');
    expectReason(await gql(VerifyEmailDocument, { input: { token: 'not a token' } }), 'BAD_USER_INPUT', 'TOKEN_INVALID');
    expect(await viewerOf(bob.token)).toMatchObject({ emailVerified: false });

    (await gql(ResendVerificationEmailDocument, {}, { token: bob.token })).expectData();
    const second = linkIn(await mailbox().next({ to: email }), '/verify-email').token;
    expectReason(await gql(VerifyEmailDocument, { input: { token: first } }, { token: bob.token }), 'BAD_USER_INPUT', 'TOKEN_EXPIRED');
    await sql(`update account_tokens set expires_at = now() - interval '1 second' where user_id = (select id from users where handle = $1) and used_at is null and superseded_at is null`, [bob.handle]);
    expectReason(await gql(VerifyEmailDocument, { input: { token: second } }, { token: bob.token }), 'BAD_USER_INPUT', 'TOKEN_EXPIRED');
    expect(await viewerOf(bob.token)).toMatchObject({ emailVerified: false });

    (await gql(ResendVerificationEmailDocument, {}, { token: bob.token })).expectData();
    const third = linkIn(await mailbox().next({ to: email }), '/verify-email').token;
    (await gql(VerifyEmailDocument, { input: { token: third } }, { token: bob.token })).expectData();
    expect(await viewerOf(bob.token)).toMatchObject({ emailVerified: true });
    // nothing left to verify: the same answer, nothing sent
    (await gql(ResendVerificationEmailDocument, {}, { token: bob.token })).expectData();
    expect((await mailRows(email)).map((m) => m.kind)).toEqual(['VERIFY_EMAIL', 'VERIFY_EMAIL', 'VERIFY_EMAIL']);
  });
});

describe('password reset', () => {
  it('forgot → mail → reset: every old session and API token ends, the new password works, the link works once', async () => {
    const user = await buildUser();
    const apiToken = (await gql(CreateApiTokenDocument, { input: { name: 'script' } }, { as: user })).expectData().createApiToken.token;
    const link = await resetLinkFor(user.email);

    // a refused password changes nothing and leaves the link working
    const weak = await gql(ResetPasswordDocument, { input: { token: link, password: 'password1' } });
    expect(weak.expectErrorCode('BAD_USER_INPUT').extensions).toMatchObject({ field: 'password' });
    expect(await viewerOf(user.token)).toMatchObject({ id: user.gid });

    const reset = (await gql(ResetPasswordDocument, { input: { token: link, password: NEW_PASSWORD } })).expectData().resetPassword;
    expect(reset.user).toMatchObject({ id: user.gid, email: user.email, emailVerified: true });
    for (const token of [user.token, apiToken]) (await gql(ViewerEmailStatusDocument, {}, { token })).expectErrorCode('UNAUTHENTICATED');
    expect(await viewerOf(reset.token)).toMatchObject({ id: user.gid });

    (await gql(SignInDocument, { input: { login: user.handle, password: TEST_PASSWORD } })).expectErrorCode('UNAUTHENTICATED');
    (await gql(SignInDocument, { input: { login: user.email, password: NEW_PASSWORD } })).expectData();
    const notice = await mailbox().next({ to: user.email });
    expect(notice.subject).toBe('Your password was changed');

    expectReason(await gql(ResetPasswordDocument, { input: { token: link, password: 'another fine passphrase' } }), 'BAD_USER_INPUT', 'TOKEN_USED');
    (await gql(SignInDocument, { input: { login: user.handle, password: NEW_PASSWORD } })).expectData();
  });

  it('refuses expired, superseded and forged links, changing nothing', async () => {
    const user = await buildUser();
    const older = await resetLinkFor(user.email);
    const newer = await resetLinkFor(user.email);
    expectReason(await gql(ResetPasswordDocument, { input: { token: older, password: NEW_PASSWORD } }), 'BAD_USER_INPUT', 'TOKEN_EXPIRED');
    await sql(`update account_tokens set expires_at = now() - interval '1 second' where user_id = $1`, [user.id]);
    expectReason(await gql(ResetPasswordDocument, { input: { token: newer, password: NEW_PASSWORD } }), 'BAD_USER_INPUT', 'TOKEN_EXPIRED');
    const forged = newer.slice(0, -2) + (newer.endsWith('AA') ? 'BB' : 'AA');
    expectReason(await gql(ResetPasswordDocument, { input: { token: forged, password: NEW_PASSWORD } }), 'BAD_USER_INPUT', 'TOKEN_INVALID');
    expectReason(await gql(ResetPasswordDocument, { input: { token: '', password: NEW_PASSWORD } }), 'BAD_USER_INPUT', 'TOKEN_INVALID');
    expect(await viewerOf(user.token)).toMatchObject({ id: user.gid });
    (await gql(SignInDocument, { input: { login: user.handle, password: TEST_PASSWORD } })).expectData();
  });

  it('answers an unknown address exactly like a known one, in about the same time, and sends nothing', async () => {
    const user = await buildUser();
    const unknown = `nobody_${uniq()}@example.com`;
    const timed = async (email: string) => {
      const t = performance.now();
      const res = await gql(RequestPasswordResetDocument, { input: { email } });
      return { body: res.body, ms: performance.now() - t };
    };
    const known = await timed(user.email);
    const missing = await timed(unknown);
    expect(missing.body).toEqual({ data: { requestPasswordReset: { email: unknown } } });
    expect(known.body).toEqual({ data: { requestPasswordReset: { email: user.email } } });
    expect(known.ms).toBeGreaterThanOrEqual(RESET_ANSWER_MS - 5);
    expect(missing.ms).toBeGreaterThanOrEqual(RESET_ANSWER_MS - 5);
    expect(Math.abs(known.ms - missing.ms)).toBeLessThan(150);
    await mailbox().next({ to: user.email });
    expect(await mailRows(unknown)).toEqual([]);
    expect(mailbox().for(unknown)).toEqual([]);
    (await gql(RequestPasswordResetDocument, { input: { email: 'not an address' } })).expectErrorCode('BAD_USER_INPUT');
  });

  it('lets an imported account without a password claim it', async () => {
    const email = `imported_${uniq()}@example.com`;
    const [{ id }] = await sql<{ id: string }>(
      `insert into users (handle, display_name, email, password_hash, email_verified_at) values ($1, 'Imported', $2, null, null) returning id`,
      [`imp_${uniq()}`, email],
    );
    (await gql(SignInDocument, { input: { login: email, password: 'anything at all' } })).expectErrorCode('UNAUTHENTICATED');
    const link = await resetLinkFor(email);
    const { user } = (await gql(ResetPasswordDocument, { input: { token: link, password: NEW_PASSWORD } })).expectData().resetPassword;
    expect(user).toMatchObject({ email, emailVerified: true });
    expect(await sql('select 1 from users where id = $1 and password_hash is not null', [id])).toHaveLength(1);
    (await gql(SignInDocument, { input: { login: email, password: NEW_PASSWORD } })).expectData();
  });

  it('is rate limited per address and per IP, known or not', async () => {
    const limited = await startTestApp({ smtpUrl: null, accountMailLimit: 2 });
    try {
      const ask = async (email: string) => {
        const res = await fetch(`${limited.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: 'mutation($input: RequestPasswordResetInput!) { requestPasswordReset(input: $input) { email } }', variables: { input: { email } } }),
        });
        const body = (await res.json()) as { errors?: Array<{ extensions: { code: string; retryAfter?: number } }> };
        return body.errors?.[0]?.extensions ?? { code: 'OK' };
      };
      const address = `limit_${uniq()}@example.com`;
      expect([await ask(address), await ask(address.toUpperCase())]).toEqual([{ code: 'OK' }, { code: 'OK' }]);
      expect(await ask(` ${address} `)).toMatchObject({ code: 'RATE_LIMITED', retryAfter: expect.any(Number) });
      // per IP: four times the per-address budget (8), two used above and one refused
      const codes: string[] = [];
      for (let i = 0; i < 7; i++) codes.push((await ask(`other_${i}_${uniq()}@example.com`)).code);
      expect(codes).toEqual(['OK', 'OK', 'OK', 'OK', 'OK', 'RATE_LIMITED', 'RATE_LIMITED']);
    } finally {
      await limited.close();
    }
  });
});

describe('changing the password and the address', () => {
  async function withSecondSession(user: TestUser): Promise<string> {
    return (await gql(SignInDocument, { input: { login: user.handle, password: TEST_PASSWORD } })).expectData().signIn.token;
  }

  it('changePassword asks for the current password, ends the other sessions and tells the address', async () => {
    const user = await buildUser();
    const other = await withSecondSession(user);
    const wrong = await gql(ChangePasswordDocument, { input: { currentPassword: 'not it at all', newPassword: NEW_PASSWORD } }, { as: user });
    expect(wrong.expectErrorCode('BAD_USER_INPUT').extensions).toMatchObject({ field: 'currentPassword', reason: 'WRONG_PASSWORD' });
    const weak = await gql(ChangePasswordDocument, { input: { currentPassword: TEST_PASSWORD, newPassword: '12345678' } }, { as: user });
    expect(weak.expectErrorCode('BAD_USER_INPUT').extensions).toMatchObject({ field: 'newPassword' });
    expect(await viewerOf(other)).toMatchObject({ id: user.gid });

    const done = (await gql(ChangePasswordDocument, { input: { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD } }, { as: user })).expectData();
    expect(done.changePassword.revokedSessionCount).toBe(1);
    expect(await viewerOf(user.token)).toMatchObject({ id: user.gid });
    (await gql(ViewerEmailStatusDocument, {}, { token: other })).expectErrorCode('UNAUTHENTICATED');
    const notice = await mailbox().next({ to: user.email });
    expect(notice.subject).toBe('Your password was changed');
    expect(notice.html).toContain('</p>');
    (await gql(SignInDocument, { input: { login: user.handle, password: NEW_PASSWORD } })).expectData();
  });

  it('changeEmail asks for the password, tells the old address, and moves when the new one is confirmed', async () => {
    const user = await buildUser();
    const newEmail = `moved_${uniq()}@example.com`;
    const wrong = await gql(ChangeEmailDocument, { input: { currentPassword: 'wrong wrong wrong', newEmail } }, { as: user });
    expect(wrong.expectErrorCode('BAD_USER_INPUT').extensions).toMatchObject({ field: 'currentPassword' });
    (await gql(ChangeEmailDocument, { input: { currentPassword: TEST_PASSWORD, newEmail: user.email.toUpperCase() } }, { as: user })).expectErrorCode('BAD_USER_INPUT');
    expect(await mailRows(newEmail)).toEqual([]);

    const asked = (await gql(ChangeEmailDocument, { input: { currentPassword: TEST_PASSWORD, newEmail } }, { as: user })).expectData().changeEmail.user;
    expect(asked).toMatchObject({ email: user.email, emailVerified: true, pendingEmail: newEmail });
    const old = await mailbox().next({ to: user.email });
    expect(old.subject).toBe('A new email address was asked for your account');
    expect(old.text).toContain(newEmail);
    const { token } = linkIn(await mailbox().next({ to: newEmail }), '/verify-email');

    (await gql(VerifyEmailDocument, { input: { token } }, { as: user })).expectData();
    expect(await viewerOf(user.token)).toMatchObject({ email: newEmail, emailVerified: true, pendingEmail: null });
    (await gql(SignInDocument, { input: { login: newEmail, password: TEST_PASSWORD } })).expectData();
    (await gql(SignInDocument, { input: { login: user.email, password: TEST_PASSWORD } })).expectErrorCode('UNAUTHENTICATED');
  });

  it('changeEmail to an address another account has answers the same; its owner is told, no link is sent', async () => {
    const [user, owner] = [await buildUser(), await buildUser()];
    const asked = (await gql(ChangeEmailDocument, { input: { currentPassword: TEST_PASSWORD, newEmail: owner.email } }, { as: user })).expectData().changeEmail.user;
    expect(asked).toMatchObject({ email: user.email, pendingEmail: owner.email });
    const notice = await mailbox().next({ to: owner.email });
    expect(notice.subject).toBe('Someone tried to use your email address');
    await mailbox().next({ to: user.email }); // the old address is told as usual
    expect((await mailRows(owner.email)).map((m) => m.kind)).toEqual(['ADDRESS_ALREADY_REGISTERED']);
  });
});
