import { describe, expect, it } from 'vitest';
import {
  CreateApiTokenDocument,
  RevokeApiTokenDocument,
  SignInDocument,
  SignOutDocument,
  SignUpDocument,
  ViewerDocument,
  type SignUpMutation,
} from '@atrium/schema';
import { seedDemo } from '../seed/demo.js';
import { buildUser, TEST_PASSWORD } from '../../../test/factories.js';
import { app, gql, sql, useTestApp, type GqlResponse } from '../../../test/harness.js';

useTestApp();

const signUpInput = (handle: string) => ({ handle, displayName: 'Jane Doe', email: `${handle}@example.com`, password: 'long enough pw' });

describe('Mutation.signUp', () => {
  it('creates a member, stores an argon2id hash and returns a working token', async () => {
    const res = await gql(SignUpDocument, { input: signUpInput('jane_doe') });
    const { signUp } = res.expectData();
    expect(signUp.user).toMatchObject({ handle: 'jane_doe', role: 'MEMBER', status: 'ACTIVE', isStaff: false, email: 'jane_doe@example.com' });
    expect(res.headers.get('set-cookie')).toMatch(/atrium_session=.*HttpOnly.*SameSite=Lax/i);
    const [row] = await sql<{ password_hash: string }>(`select password_hash from users where handle = 'jane_doe'`);
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    const me = await gql(ViewerDocument, {}, { token: signUp.token });
    expect(me.expectData().viewer?.handle).toBe('jane_doe');
  });

  it.each([
    ['handle', { handle: 'X!' }],
    ['email', { email: 'not-an-email' }],
    ['password', { password: 'short' }],
    ['displayName', { displayName: '   ' }],
  ])('rejects a bad %s with BAD_USER_INPUT and writes nothing', async (field, patch) => {
    const before = await sql<{ n: number }>('select count(*)::int as n from users');
    const res = await gql(SignUpDocument, { input: { ...signUpInput(`ok_${field.toLowerCase()}`), ...patch } });
    expect(res.expectErrorCode('BAD_USER_INPUT').extensions?.field).toBe(field);
    const after = await sql<{ n: number }>('select count(*)::int as n from users');
    expect(after[0].n).toBe(before[0].n);
  });

  it('refuses a taken handle (handles are public), also when the email is taken too', async () => {
    await gql(SignUpDocument, { input: signUpInput('taken_one') }).then((r) => r.expectData());
    const dupHandle = await gql(SignUpDocument, { input: { ...signUpInput('taken_one'), email: 'other@example.com' } });
    expect(dupHandle.expectErrorCode('BAD_USER_INPUT')).toMatchObject({ message: 'That handle is already taken.', extensions: { field: 'handle' } });
    const both = await gql(SignUpDocument, { input: signUpInput('taken_one') });
    expect(both.expectErrorCode('BAD_USER_INPUT').extensions?.field).toBe('handle');
  });
});

describe('Mutation.signUp with an email address another account has', () => {
  /** What a client can tell from an answer: status, code, shape, cookie, and the values that do not depend on the secret or the time. */
  const observable = (res: GqlResponse<SignUpMutation>, input: { handle: string; email: string }) => {
    const data = res.body.data?.signUp;
    const shape = (v: unknown): unknown =>
      v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shape(x)])) : typeof v;
    return {
      status: res.status,
      errors: res.body.errors ?? null,
      shape: shape(data),
      cookie: /atrium_session=ats_[^;]+;.*HttpOnly/i.test(res.headers.get('set-cookie') ?? ''),
      user: data && { ...data.user, id: 'x', createdAt: 'x', handle: data.user.handle === input.handle, email: data.user.email === input.email },
    };
  };

  it('answers exactly like a new address, signs nobody into the existing account, and leaves it untouched', async () => {
    const existing = await buildUser();
    const [before] = await sql<{ password_hash: string; sessions: number }>(
      `select password_hash, (select count(*)::int from sessions where user_id = u.id) as sessions from users u where id = $1`, [existing.id]);
    const fresh = { ...signUpInput('enum_fresh'), email: 'enum_fresh@example.com' };
    const taken = { ...signUpInput('enum_taken'), email: existing.email.toUpperCase() };
    const a = await gql(SignUpDocument, { input: fresh });
    const b = await gql(SignUpDocument, { input: taken });
    expect(observable(b, taken)).toEqual(observable(a, fresh));
    expect(observable(b, taken)).toMatchObject({ status: 200, errors: null, cookie: true, user: { handle: true, email: true, role: 'MEMBER', status: 'ACTIVE' } });

    // the token is a session of a new account, not of the existing one
    const viewer = (await gql(ViewerDocument, {}, { token: b.expectData().signUp.token })).expectData().viewer;
    expect(viewer).toMatchObject({ handle: 'enum_taken', email: taken.email });
    expect(viewer?.id).not.toBe(existing.gid);
    const [after] = await sql<{ password_hash: string; sessions: number }>(
      `select password_hash, (select count(*)::int from sessions where user_id = u.id) as sessions from users u where id = $1`, [existing.id]);
    expect(after).toEqual(before);

    // the address signs in to the account that had it first, and only with its own password
    (await gql(SignInDocument, { input: { login: existing.email, password: taken.password } })).expectErrorCode('UNAUTHENTICATED');
    expect((await gql(SignInDocument, { input: { login: existing.email, password: TEST_PASSWORD } })).expectData().signIn.user.handle).toBe(existing.handle);
    expect((await gql(SignInDocument, { input: { login: 'enum_taken', password: taken.password } })).expectData().signIn.user.handle).toBe('enum_taken');
    const [row] = await sql<{ email: string | null; unconfirmed_email: string | null }>(`select email, unconfirmed_email from users where handle = 'enum_taken'`);
    expect(row).toEqual({ email: null, unconfirmed_email: taken.email });
  });

  it('takes about as long as a new address (a password is hashed either way)', async () => {
    const existing = await buildUser();
    await gql(SignUpDocument, { input: signUpInput('enum_warm') }); // the estimator's dictionaries load once
    const time = async (input: ReturnType<typeof signUpInput>) => {
      const t = performance.now();
      (await gql(SignUpDocument, { input })).expectData();
      return performance.now() - t;
    };
    const fresh: number[] = [];
    const taken: number[] = [];
    for (let i = 0; i < 5; i++) {
      fresh.push(await time(signUpInput(`enum_f${i}`)));
      taken.push(await time({ ...signUpInput(`enum_t${i}`), email: existing.email }));
    }
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
    const ratio = median(taken) / median(fresh);
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  });
});

describe('password rules', () => {
  it.each([
    ['12345678', /too easy to guess.*heavily used password/],
    ['password', /too easy to guess.*heavily used password/],
    ['        ', /cannot be only spaces/],
    ['\t \u00a0 \n  \u3000 ', /cannot be only spaces/],
    ['short', /at least 8 characters/],
    ['x'.repeat(257), /at most 256 characters/],
    ['qwertyuiop', /too easy to guess/],
    ['P@ssw0rd1', /too easy to guess/],
    // each of these passes without the account's own details as user inputs
    ['jdoe_pw_2024', /too easy to guess.*personal/], // the handle
    ['kowalski2024!', /too easy to guess.*personal/], // a part of the email
    ['Jane Doe 1234', /too easy to guess.*personal/], // the display name
  ])('refuses %j with BAD_USER_INPUT on the password field and writes nothing', async (password, message) => {
    const before = await sql<{ n: number }>('select count(*)::int as n from users');
    const res = await gql(SignUpDocument, { input: { handle: 'jdoe_pw', displayName: 'Jane Doe', email: 'mira.kowalski@example.com', password } });
    const error = res.expectErrorCode('BAD_USER_INPUT');
    expect(error.message).toMatch(message);
    expect(error.extensions?.field).toBe('password');
    if (/guess/.test(error.message)) {
      expect(error.extensions).toMatchObject({ score: expect.any(Number), minScore: 3, suggestions: expect.any(Array) });
    }
    const after = await sql<{ n: number }>('select count(*)::int as n from users');
    expect(after[0].n).toBe(before[0].n);
  });

  it.each([
    ['correct horse battery'],
    ['plaid otter gravel'],
    ['Tr0ub4dor&3 is my horse'],
    ['🦊🌵🎻🪐🧲🫖🪁🦜'], // 8 characters, 16 UTF-16 units
    ['a quiet lantern over the harbour '.repeat(7).slice(0, 256)], // 256 characters
  ])('accepts %j', async (password) => {
    const handle = `ok_${Math.random().toString(36).slice(2, 10)}`;
    const res = await gql(SignUpDocument, { input: { ...signUpInput(handle), password } });
    expect(res.expectData().signUp.user.handle).toBe(handle);
    expect((await gql(SignInDocument, { input: { login: handle, password } })).expectData().signIn.user.handle).toBe(handle);
  });

  it('the demo password still signs in the seeded demo users (seeding sets it without the rules)', async () => {
    await seedDemo(app().database.ds, { password: 'atrium-demo' });
    for (const handle of ['admin', 'moderator', 'agent', 'member']) {
      expect((await gql(SignInDocument, { input: { login: handle, password: 'atrium-demo' } })).expectData().signIn.user.handle).toBe(handle);
    }
  });
});

describe('Mutation.signIn / signOut', () => {
  it('signs in by handle or email; a wrong password is UNAUTHENTICATED', async () => {
    const u = await buildUser();
    const byHandle = await gql(SignInDocument, { input: { login: u.handle, password: TEST_PASSWORD } });
    expect(byHandle.expectData().signIn.user.handle).toBe(u.handle);
    const byEmail = await gql(SignInDocument, { input: { email: u.email.toUpperCase(), password: TEST_PASSWORD } });
    expect(byEmail.expectData().signIn.user.handle).toBe(u.handle);
    (await gql(SignInDocument, { input: { login: u.handle, password: 'wrong password' } })).expectErrorCode('UNAUTHENTICATED');
    (await gql(SignInDocument, { input: { login: 'nobody_here', password: 'wrong password' } })).expectErrorCode('UNAUTHENTICATED');
  });

  it('refuses a banned user', async () => {
    const u = await buildUser({ status: 'BANNED' });
    (await gql(SignInDocument, { input: { login: u.handle, password: TEST_PASSWORD } })).expectErrorCode('FORBIDDEN');
  });

  it('signOut ends the session at once', async () => {
    const u = await buildUser();
    const { token } = (await gql(SignInDocument, { input: { login: u.handle, password: TEST_PASSWORD } })).expectData().signIn;
    expect((await gql(SignOutDocument, {}, { token })).expectData().signOut).toBe(true);
    (await gql(ViewerDocument, {}, { token })).expectErrorCode('UNAUTHENTICATED');
  });

  it('the session cookie authenticates a JSON POST', async () => {
    const u = await buildUser();
    const res = await gql(SignInDocument, { input: { login: u.handle, password: TEST_PASSWORD } });
    const cookie = res.headers.get('set-cookie')!.split(';')[0];
    const me = await gql(ViewerDocument, {}, { headers: { cookie } });
    expect(me.expectData().viewer?.handle).toBe(u.handle);
  });
});

describe('API tokens', () => {
  it('shows the secret once, stores only its hash, and stops working when revoked', async () => {
    const u = await buildUser();
    const created = (await gql(CreateApiTokenDocument, { input: { name: 'ci bot' } }, { as: u })).expectData().createApiToken;
    expect(created.token).toMatch(/^atp_/);
    const rows = await sql<{ token_hash: string }>('select token_hash from api_tokens where user_id = $1', [u.id]);
    expect(rows).toHaveLength(1);
    expect(rows[0].token_hash).not.toContain(created.token);
    const me = (await gql(ViewerDocument, {}, { token: created.token })).expectData();
    expect(me.viewer?.handle).toBe(u.handle);
    expect(me.viewer?.apiTokens.map((t) => t.name)).toEqual(['ci bot']);
    (await gql(RevokeApiTokenDocument, { input: { apiTokenId: created.apiToken.id } }, { as: u })).expectData();
    const after = await gql(ViewerDocument, {}, { token: created.token });
    after.expectErrorCode('UNAUTHENTICATED');
    expect(after.status).toBe(401);
  });

  it('an expired token does not work; another user cannot revoke mine', async () => {
    const u = await buildUser();
    const other = await buildUser();
    const created = (await gql(CreateApiTokenDocument, { input: { name: 'short', expiresAt: new Date(Date.now() + 60_000).toISOString() } }, { as: u }))
      .expectData().createApiToken;
    (await gql(RevokeApiTokenDocument, { input: { apiTokenId: created.apiToken.id } }, { as: other })).expectErrorCode('NOT_FOUND');
    await sql(`update api_tokens set expires_at = now() - interval '1 second' where user_id = $1`, [u.id]);
    (await gql(ViewerDocument, {}, { token: created.token })).expectErrorCode('UNAUTHENTICATED');
  });

  it.each([
    [null, 'UNAUTHENTICATED'],
    ['name', 'BAD_USER_INPUT'],
    ['past', 'BAD_USER_INPUT'],
  ] as const)('createApiToken refuses %s', async (kind, code) => {
    const u = kind ? await buildUser() : null;
    const input = kind === 'name' ? { name: '' } : kind === 'past' ? { name: 'x', expiresAt: '2001-01-01T00:00:00Z' } : { name: 'x' };
    (await gql(CreateApiTokenDocument, { input }, { as: u })).expectErrorCode(code);
  });

  it('an API token cannot mint more tokens', async () => {
    const u = await buildUser();
    const { token } = (await gql(CreateApiTokenDocument, { input: { name: 'a' } }, { as: u })).expectData().createApiToken;
    (await gql(CreateApiTokenDocument, { input: { name: 'b' } }, { token })).expectErrorCode('FORBIDDEN');
  });
});

describe('Query.viewer', () => {
  it('is null for anonymous readers; a garbage bearer token is a 401', async () => {
    expect((await gql(ViewerDocument)).expectData().viewer).toBeNull();
    const bad = await gql(ViewerDocument, {}, { token: 'atp_nonsense' });
    bad.expectErrorCode('UNAUTHENTICATED');
    expect(bad.status).toBe(401);
  });

  it('email is visible to the user themself and admins only', async () => {
    const u = await buildUser();
    const admin = await buildUser({ role: 'ADMIN' });
    const member = await buildUser();
    const q = `query($id: ID!) { node(id: $id) { ... on User { email } } }`;
    const ask = async (token: string) =>
      (await (await fetch(`${app().url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: q, variables: { id: u.gid } }) })).json() as { data: { node: { email: string | null } } }).data.node.email;
    expect(await ask(u.token)).toBe(u.email);
    expect(await ask(admin.token)).toBe(u.email);
    expect(await ask(member.token)).toBeNull();
  });
});
