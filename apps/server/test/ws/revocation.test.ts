import {
  BanUserDocument,
  CommentEventsDocument,
  CreateApiTokenDocument,
  RevokeApiTokenDocument,
  RevokeSessionDocument,
  SetUserRoleDocument,
  SignInDocument,
  SignOutDocument,
  SignOutEverywhereDocument,
} from '@atrium/schema';
import { afterEach, describe, expect, it } from 'vitest';
import { toGlobalId } from '../../src/graphql/global-id.js';
import { buildArticle, buildUser, TEST_PASSWORD } from '../factories.js';
import { app, gql, sql, useTestApp } from '../harness.js';
import { connect, subscribed, unsubscribedAll, type TestClient } from './ws-client.js';

useTestApp();

const open: TestClient[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.dispose()));
  await unsubscribedAll();
});

/** A socket of `token` with one live subscription, ready. */
async function liveSocket(token: string) {
  const article = await buildArticle();
  const c = connect({ token });
  open.push(c);
  const base = app().services.pubsub.subscriptions;
  c.subscribe(CommentEventsDocument, { articleId: article.gid });
  await subscribed(1, base);
  return c;
}

const within = <T>(p: Promise<T>, ms = 5000) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`not closed within ${ms} ms`)), ms))]);
const staysOpen = (c: TestClient) => Promise.race([c.closed.then(() => false), new Promise((r) => setTimeout(() => r(true), 300))]);

describe('a credential that stops working closes its open WebSockets at once', () => {
  it('revoking an API token', async () => {
    const u = await buildUser();
    const { token, apiToken } = (await gql(CreateApiTokenDocument, { input: { name: 'live' } }, { as: u })).expectData().createApiToken;
    const c = await liveSocket(token);
    (await gql(RevokeApiTokenDocument, { input: { apiTokenId: apiToken.id } }, { as: u })).expectData();
    expect((await within(c.closed)).code).toBe(4403);
  });

  it('signing out the session', async () => {
    const u = await buildUser();
    const c = await liveSocket(u.token);
    (await gql(SignOutDocument, {}, { as: u })).expectData();
    expect((await within(c.closed)).code).toBe(4403);
  });

  it('a ban, and a role change (the user reconnects with the new role); others stay connected', async () => {
    const banned = await buildUser();
    const demoted = await buildUser({ role: 'MODERATOR' });
    const bystander = await buildUser();
    const [a, b, c] = [await liveSocket(banned.token), await liveSocket(demoted.token), await liveSocket(bystander.token)];
    const admin = await buildUser({ role: 'ADMIN' });
    (await gql(BanUserDocument, { input: { userId: banned.gid } }, { as: admin })).expectData();
    (await gql(SetUserRoleDocument, { input: { userId: demoted.gid, role: 'MEMBER' } }, { as: admin })).expectData();
    expect((await within(a.closed)).code).toBe(4403);
    expect((await within(b.closed)).code).toBe(4403);
    const stillOpen = await Promise.race([c.closed.then(() => false), new Promise((r) => setTimeout(() => r(true), 300))]);
    expect(stillOpen).toBe(true);
  });
});

describe('signing sessions out from the account page closes their WebSockets (the signOut mechanism)', () => {
  it('revokeSession closes that session’s sockets, not the current one’s', async () => {
    const u = await buildUser();
    const { signIn } = (await gql(SignInDocument, { input: { login: u.handle, password: TEST_PASSWORD } })).expectData();
    const other = await liveSocket(signIn.token);
    const mine = await liveSocket(u.token);
    const [s] = await sql<{ id: string }>(`select id from sessions where user_id = $1 order by created_at desc limit 1`, [u.id]);
    (await gql(RevokeSessionDocument, { input: { sessionId: toGlobalId('Session', s.id) } }, { as: u })).expectData();
    expect((await within(other.closed)).code).toBe(4403);
    expect(await staysOpen(mine)).toBe(true);
  });

  it('signOutEverywhere closes every other session’s sockets', async () => {
    const u = await buildUser();
    const { signIn } = (await gql(SignInDocument, { input: { login: u.handle, password: TEST_PASSWORD } })).expectData();
    const other = await liveSocket(u.token);
    const mine = await liveSocket(signIn.token);
    (await gql(SignOutEverywhereDocument, {}, { token: signIn.token })).expectData();
    expect((await within(other.closed)).code).toBe(4403);
    expect(await staysOpen(mine)).toBe(true);
  });
});
