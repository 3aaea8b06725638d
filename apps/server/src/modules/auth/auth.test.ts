import { describe, expect, it } from 'vitest';
import {
  CreateApiTokenDocument,
  RevokeApiTokenDocument,
  SignInDocument,
  SignOutDocument,
  SignUpDocument,
  ViewerDocument,
} from '@atrium/schema';
import { buildUser, TEST_PASSWORD } from '../../../test/factories.js';
import { app, gql, sql, useTestApp } from '../../../test/harness.js';

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

  it('refuses a taken handle or email (case-insensitive email)', async () => {
    await gql(SignUpDocument, { input: signUpInput('taken_one') }).then((r) => r.expectData());
    const dupHandle = await gql(SignUpDocument, { input: { ...signUpInput('taken_one'), email: 'other@example.com' } });
    expect(dupHandle.expectErrorCode('BAD_USER_INPUT').extensions?.field).toBe('handle');
    const dupEmail = await gql(SignUpDocument, { input: { ...signUpInput('taken_two'), email: 'TAKEN_ONE@example.com' } });
    expect(dupEmail.expectErrorCode('BAD_USER_INPUT').extensions?.field).toBe('email');
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
