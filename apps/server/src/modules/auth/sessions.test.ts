import { describe, expect, it } from 'vitest';
import { NodeDocument, RevokeSessionDocument, SignInDocument, SignOutEverywhereDocument, ViewerDocument, ViewerSessionsDocument } from '@atrium/schema';
import { toGlobalId } from '../../graphql/global-id.js';
import { buildUser, TEST_PASSWORD } from '../../../test/factories.js';
import { gql, sql, useTestApp } from '../../../test/harness.js';
import { describeUserAgent } from './user-agent.js';

useTestApp();

const FIREFOX = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0';
const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1';

async function signInFrom(handle: string, userAgent: string) {
  const res = await gql(SignInDocument, { input: { login: handle, password: TEST_PASSWORD } }, { headers: { 'user-agent': userAgent } });
  return res.expectData().signIn.token;
}

describe('User.sessions', () => {
  it('lists the viewer’s working sessions with device, address and times; the current one marked', async () => {
    const u = await buildUser();
    const firefox = await signInFrom(u.handle, FIREFOX);
    const iphone = await signInFrom(u.handle, IPHONE);
    const { viewer } = (await gql(ViewerSessionsDocument, {}, { token: iphone })).expectData();
    const sessions = viewer!.sessions!;
    // the factory's session and the two sign-ins
    expect(sessions.totalCount).toBe(3);
    const current = sessions.nodes.filter((s) => s.isCurrent);
    expect(current).toHaveLength(1);
    expect(current[0]).toMatchObject({ device: 'Safari on iPhone', userAgent: IPHONE, ip: expect.stringMatching(/127\.0\.0\.1/) });
    expect(sessions.nodes.map((s) => s.device)).toContain('Firefox on Windows');
    for (const s of sessions.nodes) expect(new Date(s.expiresAt).getTime()).toBeGreaterThan(Date.now());
    // a revoked or expired session is not listed
    (await gql(RevokeSessionDocument, { input: { sessionId: sessions.nodes.find((s) => s.device === 'Firefox on Windows')!.id } }, { token: iphone })).expectData();
    await sql(`update sessions set expires_at = now() - interval '1 second' where user_id = $1 and token_hash not in (select token_hash from sessions where user_id = $1 and user_agent = $2)`, [u.id, IPHONE]);
    const after = (await gql(ViewerSessionsDocument, {}, { token: iphone })).expectData().viewer!.sessions!;
    expect(after.nodes.map((s) => s.device)).toEqual(['Safari on iPhone']);
    (await gql(ViewerDocument, {}, { token: firefox })).expectErrorCode('UNAUTHENTICATED');
  });

  it('is null on anyone else, admins included; node(id:) finds a session for its owner only', async () => {
    const u = await buildUser();
    const other = await buildUser({ role: 'ADMIN' });
    const { UserProfileDocument } = await import('@atrium/schema');
    expect((await gql(UserProfileDocument, { handle: u.handle }, { as: other })).expectData().user?.sessions).toBeNull();
    const [s] = await sql<{ id: string }>('select id from sessions where user_id = $1', [u.id]);
    const id = toGlobalId('Session', s.id);
    expect((await gql(NodeDocument, { id }, { as: u })).expectData().node).toMatchObject({ id });
    expect((await gql(NodeDocument, { id }, { as: other })).expectData().node).toBeNull();
    expect((await gql(NodeDocument, { id })).expectData().node).toBeNull();
  });

  it('pages by last use, newest first', async () => {
    const u = await buildUser();
    for (let i = 0; i < 3; i++) await signInFrom(u.handle, FIREFOX);
    const p1 = (await gql(ViewerSessionsDocument, { first: 2 }, { as: u })).expectData().viewer!.sessions!;
    expect(p1.nodes).toHaveLength(2);
    expect(p1.pageInfo.hasNextPage).toBe(true);
    const p2 = (await gql(ViewerSessionsDocument, { first: 2, after: p1.pageInfo.endCursor }, { as: u })).expectData().viewer!.sessions!;
    expect(p2.nodes).toHaveLength(2);
    expect(new Set([...p1.nodes, ...p2.nodes].map((s) => s.id)).size).toBe(4);
    const times = [...p1.nodes, ...p2.nodes].map((s) => Date.parse(s.lastUsedAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });
});

describe('Mutation.revokeSession', () => {
  it('signs the session out at once; another user’s session is NOT_FOUND and keeps working', async () => {
    const u = await buildUser();
    const phone = await signInFrom(u.handle, IPHONE);
    const [s] = await sql<{ id: string }>(`select id from sessions where user_id = $1 and user_agent = $2`, [u.id, IPHONE]);
    const intruder = await buildUser();
    (await gql(RevokeSessionDocument, { input: { sessionId: toGlobalId('Session', s.id) } }, { as: intruder })).expectErrorCode('NOT_FOUND');
    expect((await gql(ViewerDocument, {}, { token: phone })).expectData().viewer?.handle).toBe(u.handle);
    const { revokeSession } = (await gql(RevokeSessionDocument, { input: { sessionId: toGlobalId('Session', s.id) } }, { as: u })).expectData();
    expect(revokeSession.session).toMatchObject({ id: toGlobalId('Session', s.id), isCurrent: false });
    (await gql(ViewerDocument, {}, { token: phone })).expectErrorCode('UNAUTHENTICATED');
    // twice: the session is gone
    (await gql(RevokeSessionDocument, { input: { sessionId: toGlobalId('Session', s.id) } }, { as: u })).expectErrorCode('NOT_FOUND');
  });

  it('refuses a malformed id with BAD_USER_INPUT and an unknown one with NOT_FOUND', async () => {
    const u = await buildUser();
    (await gql(RevokeSessionDocument, { input: { sessionId: 'nope' } }, { as: u })).expectErrorCode('BAD_USER_INPUT');
    (await gql(RevokeSessionDocument, { input: { sessionId: toGlobalId('ApiToken', crypto.randomUUID()) } }, { as: u })).expectErrorCode('BAD_USER_INPUT');
    (await gql(RevokeSessionDocument, { input: { sessionId: toGlobalId('Session', crypto.randomUUID()) } }, { as: u })).expectErrorCode('NOT_FOUND');
    (await gql(RevokeSessionDocument, { input: { sessionId: toGlobalId('Session', crypto.randomUUID()) } })).expectErrorCode('UNAUTHENTICATED');
  });
});

describe('Mutation.signOutEverywhere', () => {
  it('signs out every other session and keeps the current one; other users untouched', async () => {
    const u = await buildUser();
    const a = await signInFrom(u.handle, FIREFOX);
    const b = await signInFrom(u.handle, IPHONE);
    const bystander = await buildUser();
    const { signOutEverywhere } = (await gql(SignOutEverywhereDocument, {}, { token: b })).expectData();
    expect(signOutEverywhere.revokedSessionCount).toBe(2);
    expect(signOutEverywhere.viewer.sessions?.totalCount).toBe(1);
    expect((await gql(ViewerDocument, {}, { token: b })).expectData().viewer?.handle).toBe(u.handle);
    (await gql(ViewerDocument, {}, { token: a })).expectErrorCode('UNAUTHENTICATED');
    (await gql(ViewerDocument, {}, { as: u })).expectErrorCode('UNAUTHENTICATED');
    expect((await gql(ViewerDocument, {}, { as: bystander })).expectData().viewer?.handle).toBe(bystander.handle);
    // nothing left to end
    expect((await gql(SignOutEverywhereDocument, {}, { token: b })).expectData().signOutEverywhere.revokedSessionCount).toBe(0);
  });
});

describe('describeUserAgent', () => {
  it.each([
    [FIREFOX, 'Firefox on Windows'],
    [IPHONE, 'Safari on iPhone'],
    ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36', 'Chrome on Linux'],
    ['Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0', 'Edge on macOS'],
    ['Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36', 'Chrome on Android'],
    ['curl/8.5.0', 'curl'],
    ['something else', 'Unknown device'],
    [null, 'Unknown device'],
  ])('%s → %s', (ua, name) => expect(describeUserAgent(ua)).toBe(name));
});
