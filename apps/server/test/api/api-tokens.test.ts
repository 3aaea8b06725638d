import { randomBytes } from 'node:crypto';
import {
  AddCommentDocument,
  ChangeEmailDocument,
  ChangePasswordDocument,
  CommentEventsDocument,
  CreateApiTokenDocument,
  DeleteCommentDocument,
  FlagCommentDocument,
  MailOutboxDocument,
  ModerationQueueDocument,
  ModerationQueueEventsDocument,
  NodeDocument,
  SetUserRoleDocument,
  SignOutEverywhereDocument,
  ViewerDocument,
  VoteArticleDocument,
  type ApiTokenScope,
} from '@atrium/schema';
import { afterEach, describe, expect, it } from 'vitest';
import { toGlobalId } from '../../src/graphql/global-id.js';
import { buildArticle, buildComment, buildUser, TEST_PASSWORD, type TestUser } from '../factories.js';
import { app, gql, sql, useTestApp } from '../harness.js';
import { connect, subscribed, unsubscribedAll, type TestClient } from '../ws/ws-client.js';

useTestApp();

const open: TestClient[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.dispose()));
  await unsubscribedAll();
});

/** createApiToken from `user`'s session; answers the user acting through the new token. */
async function tokenOf(user: TestUser, scopes?: ApiTokenScope[]): Promise<TestUser & { apiTokenId: string; scopes: string[] }> {
  const res = await gql(CreateApiTokenDocument, { input: { name: 'integration', scopes } }, { as: user });
  const { token, apiToken } = res.expectData().createApiToken;
  return { ...user, token, apiTokenId: apiToken.id, scopes: apiToken.scopes };
}

const tokenCount = async (userId: string) => Number((await sql<{ n: string }>('select count(*) as n from api_tokens where user_id = $1', [userId]))[0].n);

describe('createApiToken with scopes', () => {
  it('holds READ alone by default, READ plus the asked scopes otherwise, stored with the token and listed', async () => {
    const member = await buildUser();
    expect((await tokenOf(member)).scopes).toEqual(['READ']);
    expect((await tokenOf(member, ['WRITE_VOTES', 'WRITE_COMMENTS', 'WRITE_COMMENTS'])).scopes).toEqual(['READ', 'WRITE_COMMENTS', 'WRITE_VOTES']);
    const rows = await sql<{ scopes: string[] }>('select scopes from api_tokens where user_id = $1 order by created_at, id', [member.id]);
    expect(rows.map((r) => [...r.scopes].sort())).toEqual(expect.arrayContaining([['READ'], ['READ', 'WRITE_COMMENTS', 'WRITE_VOTES']]));
    const listed = (await gql(ViewerDocument, {}, { as: member })).expectData().viewer!.apiTokens;
    expect(listed.map((t) => t.scopes).sort()).toEqual([['READ'], ['READ', 'WRITE_COMMENTS', 'WRITE_VOTES']]);
  });

  it('refuses a scope beyond the role (BAD_USER_INPUT on scopes) and writes nothing; staff get theirs', async () => {
    const member = await buildUser();
    const refused = (await gql(CreateApiTokenDocument, { input: { name: 'x', scopes: ['MODERATE', 'ADMIN_USERS'] } }, { as: member })).expectErrorCode('BAD_USER_INPUT');
    expect(refused.extensions).toMatchObject({ field: 'scopes', scopes: ['MODERATE', 'ADMIN_USERS'] });
    expect(await tokenCount(member.id)).toBe(0);
    const agent = await buildUser({ role: 'AGENT' });
    expect((await tokenOf(agent, ['ADMIN_CONTENT'])).scopes).toEqual(['READ', 'ADMIN_CONTENT']);
    (await gql(CreateApiTokenDocument, { input: { name: 'x', scopes: ['ADMIN_WEBHOOKS'] } }, { as: agent })).expectErrorCode('BAD_USER_INPUT');
    const admin = await buildUser({ role: 'ADMIN' });
    expect((await tokenOf(admin, ['MODERATE', 'ADMIN_USERS', 'ADMIN_WEBHOOKS'])).scopes).toEqual(['READ', 'MODERATE', 'ADMIN_USERS', 'ADMIN_WEBHOOKS']);
  });

  it('answers hostile input with a code, never a 500 or a row', async () => {
    const member = await buildUser();
    const post = (input: unknown) =>
      fetch(`${app().url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${member.token}` },
        body: JSON.stringify({ query: 'mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { token } }', variables: { input } }),
      }).then(async (r) => (await r.json()) as { errors?: Array<{ extensions?: { code?: string } }> });
    const cases = [
      { name: 'x', scopes: ['SUDO'] },
      { name: 'x', scopes: ['read'] },
      { name: 'x', scopes: 'READ\u0000' },
      { name: 'x', scopes: [null] },
      { name: 'x', scopes: Array.from({ length: 5000 }, () => 'READ') },
      { name: 'nul\u0000byte' },
      { name: 'x'.repeat(100_000) },
    ];
    for (const input of cases) {
      const body = await post(input);
      const code = body.errors?.[0]?.extensions?.code ?? `none: ${JSON.stringify(body).slice(0, 200)}`;
      expect(code, JSON.stringify(input).slice(0, 80)).toMatch(/^(BAD_USER_INPUT|GRAPHQL_VALIDATION_FAILED|PAYLOAD_TOO_LARGE|[A-Z_]+_LIMIT|INPUT_TOO_LONG)$/);
      expect(code).not.toBe('INTERNAL_SERVER_ERROR');
    }
    // a long list of one scope is one scope, not a refusal
    expect((await tokenOf(member, Array.from({ length: 20 }, () => 'WRITE_VOTES' as const))).scopes).toEqual(['READ', 'WRITE_VOTES']);
    expect(await tokenCount(member.id)).toBe(1);
  });
});

describe('a read-only token', () => {
  it('reads as its user, and a write is FORBIDDEN naming the missing scope, with nothing written', async () => {
    const member = await buildUser();
    const reader = await tokenOf(member);
    expect((await gql(ViewerDocument, {}, { as: reader })).expectData().viewer!.handle).toBe(member.handle);
    const article = await buildArticle();
    const refused = (await gql(AddCommentDocument, { input: { articleId: article.gid, body: 'from a bot' } }, { as: reader })).expectErrorCode('FORBIDDEN');
    expect(refused.extensions).toMatchObject({ code: 'FORBIDDEN', requiredScope: 'WRITE_COMMENTS' });
    expect(await sql('select id from comments where author_id = $1', [member.id])).toEqual([]);
    const vote = (await gql(VoteArticleDocument, { input: { articleId: article.gid, helpful: true } }, { as: reader })).expectErrorCode('FORBIDDEN');
    expect(vote.extensions).toMatchObject({ requiredScope: 'WRITE_VOTES' });
    // the same user's session (signIn's bearer token) keeps every right of the role
    (await gql(AddCommentDocument, { input: { articleId: article.gid, body: 'from the person' } }, { as: member })).expectData();
    // and a token with the scope may
    const writer = await tokenOf(member, ['WRITE_COMMENTS']);
    (await gql(AddCommentDocument, { input: { articleId: article.gid, body: 'from a writing bot' } }, { as: writer })).expectData();
  });
});

describe('what no token may do', () => {
  it('create tokens, change the password or email, or end sessions: FORBIDDEN SESSION_REQUIRED, even with every scope', async () => {
    const admin = await buildUser({ role: 'ADMIN' });
    const all = await tokenOf(admin, ['READ', 'WRITE_COMMENTS', 'WRITE_VOTES', 'WRITE_NOTIFICATIONS', 'MODERATE', 'ADMIN_CONTENT', 'ADMIN_USERS', 'ADMIN_WEBHOOKS']);
    const before = await tokenCount(admin.id);
    const attempts = [
      gql(CreateApiTokenDocument, { input: { name: 'child' } }, { as: all }),
      gql(ChangePasswordDocument, { input: { currentPassword: 'correct horse battery', newPassword: 'plum orchard lantern 42' } }, { as: all }),
      gql(ChangeEmailDocument, { input: { currentPassword: 'correct horse battery', newEmail: 'taken-over@x.example' } }, { as: all }),
      gql(SignOutEverywhereDocument, {}, { as: all }),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.expectErrorCode('FORBIDDEN').extensions).toMatchObject({ reason: 'SESSION_REQUIRED' });
    }
    expect(await tokenCount(admin.id)).toBe(before);
    const [user] = await sql<{ email: string }>('select email from users where id = $1', [admin.id]);
    expect(user.email).toBe(admin.email);
    // the session still works: nothing was signed out
    (await gql(ViewerDocument, {}, { as: admin })).expectData();
  });
});

describe('a token never exceeds its user’s role at the time of use', () => {
  it('a demoted admin’s ADMIN_USERS token can no longer do admin things; promoted again, it can', async () => {
    const admin = await buildUser({ role: 'ADMIN' });
    const other = await buildUser({ role: 'ADMIN' });
    const token = await tokenOf(admin, ['ADMIN_USERS']);
    const target = await buildUser();
    (await gql(SetUserRoleDocument, { input: { userId: target.gid, role: 'AGENT' } }, { as: token })).expectData();
    (await gql(MailOutboxDocument, {}, { as: token })).expectData();

    (await gql(SetUserRoleDocument, { input: { userId: admin.gid, role: 'MEMBER' } }, { as: other })).expectData();
    const refused = (await gql(SetUserRoleDocument, { input: { userId: target.gid, role: 'MODERATOR' } }, { as: token })).expectErrorCode('FORBIDDEN');
    expect(refused.extensions?.requiredScope).toBeUndefined();
    expect(refused.message).toBe('This needs the ADMIN role or higher.');
    (await gql(MailOutboxDocument, {}, { as: token })).expectErrorCode('FORBIDDEN');
    const [row] = await sql<{ role: string }>('select role from users where id = $1', [target.id]);
    expect(row.role).toBe('AGENT');
    // it still reads, as a member now
    expect((await gql(ViewerDocument, {}, { as: token })).expectData().viewer!.role).toBe('MEMBER');

    (await gql(SetUserRoleDocument, { input: { userId: admin.gid, role: 'ADMIN' } }, { as: other })).expectData();
    (await gql(SetUserRoleDocument, { input: { userId: target.gid, role: 'MODERATOR' } }, { as: token })).expectData();
  });
});

describe('sessions are not scoped', () => {
  it('the session cookie from signIn keeps every right of the role (an admin changes a role, reads the outbox)', async () => {
    const admin = await buildUser({ role: 'ADMIN' });
    const signIn = await fetch(`${app().url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'mutation($input: SignInInput!) { signIn(input: $input) { token } }', variables: { input: { login: admin.handle, password: TEST_PASSWORD } } }),
    });
    const cookie = signIn.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    expect(cookie).toMatch(/=ats_/);
    const target = await buildUser();
    const res = await gql(SetUserRoleDocument, { input: { userId: target.gid, role: 'MODERATOR' } }, { headers: { cookie } });
    expect(res.expectData().setUserRole.user.role).toBe('MODERATOR');
    (await gql(MailOutboxDocument, {}, { headers: { cookie } })).expectData();
    (await gql(CreateApiTokenDocument, { input: { name: 'from the cookie', scopes: ['ADMIN_USERS'] } }, { headers: { cookie } })).expectData();
  });
});

describe('protected reads and objects', () => {
  it('staff screens need their scope: the moderation queue MODERATE, the outbox and a Mail by id ADMIN_USERS', async () => {
    const moderator = await buildUser({ role: 'MODERATOR' });
    const reader = await tokenOf(moderator);
    expect((await gql(ModerationQueueDocument, {}, { as: reader })).expectErrorCode('FORBIDDEN').extensions).toMatchObject({ requiredScope: 'MODERATE' });
    (await gql(ModerationQueueDocument, {}, { as: await tokenOf(moderator, ['MODERATE']) })).expectData();
    (await gql(ModerationQueueDocument, {}, { as: moderator })).expectData();

    const admin = await buildUser({ role: 'ADMIN' });
    const [m] = await sql<{ id: string }>(
      `insert into mails (kind, "to", subject, text, html, dedupe_key, status) values ('TEST', 'x@test.example', 's', 't', 'h', $1, 'KEPT') returning id`,
      [`tokens:${Math.random()}`],
    );
    const mailId = toGlobalId('Mail', m.id);
    expect((await gql(NodeDocument, { id: mailId }, { as: await tokenOf(admin) })).expectData().node).toBeNull();
    expect((await gql(NodeDocument, { id: mailId }, { as: await tokenOf(admin, ['ADMIN_USERS']) })).expectData().node).toMatchObject({ __typename: 'Mail', id: mailId });
    expect((await gql(NodeDocument, { id: mailId }, { as: admin })).expectData().node).toMatchObject({ __typename: 'Mail' });
    expect((await gql(MailOutboxDocument, {}, { as: await tokenOf(admin, ['MODERATE']) })).expectErrorCode('FORBIDDEN').extensions).toMatchObject({
      requiredScope: 'ADMIN_USERS',
    });
  });

  it('someone else’s email: an admin’s session and ADMIN_USERS token see it, a READ token does not; one’s own always', async () => {
    const admin = await buildUser({ role: 'ADMIN' });
    const member = await buildUser();
    const emailOf = async (as: TestUser, id: string) => {
      const res = await fetch(`${app().url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${as.token}` },
        body: JSON.stringify({ query: 'query($id: ID!) { node(id: $id) { ... on User { email } } }', variables: { id } }),
      });
      return ((await res.json()) as { data: { node: { email: string | null } } }).data.node.email;
    };
    expect(await emailOf(admin, member.gid)).toBe(member.email);
    expect(await emailOf(await tokenOf(admin, ['ADMIN_USERS']), member.gid)).toBe(member.email);
    expect(await emailOf(await tokenOf(admin, ['MODERATE', 'ADMIN_CONTENT']), member.gid)).toBeNull();
    expect(await emailOf(await tokenOf(member), member.gid)).toBe(member.email);
  });

  it('deleting someone else’s comment is moderation: a moderator’s WRITE_COMMENTS token needs MODERATE too', async () => {
    const moderator = await buildUser({ role: 'MODERATOR' });
    const comment = await buildComment();
    const writer = await tokenOf(moderator, ['WRITE_COMMENTS']);
    const refused = (await gql(DeleteCommentDocument, { input: { commentId: comment.gid } }, { as: writer })).expectErrorCode('FORBIDDEN');
    expect(refused.extensions).toMatchObject({ requiredScope: 'MODERATE' });
    const [still] = await sql<{ status: string; tombstone: boolean }>('select status, tombstone from comments where id = $1', [comment.id]);
    expect(still).toMatchObject({ status: 'PUBLISHED' });
    expect(await sql(`select id from moderation_actions where target_id = $1`, [comment.id]).catch(() => [])).toEqual([]);
    (await gql(DeleteCommentDocument, { input: { commentId: comment.gid } }, { as: await tokenOf(moderator, ['WRITE_COMMENTS', 'MODERATE']) })).expectData();
    // their own comment needs only WRITE_COMMENTS
    const own = await buildComment({ author: moderator });
    (await gql(DeleteCommentDocument, { input: { commentId: own.gid } }, { as: writer })).expectData();
  });

  it('a forged token (right prefix, unknown secret) is UNAUTHENTICATED', async () => {
    const forged = { ...(await buildUser()), token: `atp_${randomBytes(32).toString('base64url')}` };
    const res = await gql(ViewerDocument, {}, { as: forged });
    res.expectErrorCode('UNAUTHENTICATED');
    expect(res.status).toBe(401);
  });
});

describe('subscriptions over WebSocket with a token', () => {
  it('a READ token follows public events but not the moderation queue; a MODERATE token does', async () => {
    const moderator = await buildUser({ role: 'MODERATOR' });
    const reader = await tokenOf(moderator);
    const article = await buildArticle();

    const c = connect({ token: reader.token });
    open.push(c);
    const queue = await c.subscribe(ModerationQueueEventsDocument, {}).errors();
    expect(queue[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', requiredScope: 'MODERATE' });

    const base = app().services.pubsub.subscriptions;
    const events = c.subscribe(CommentEventsDocument, { articleId: article.gid });
    await subscribed(1, base);
    (await gql(AddCommentDocument, { input: { articleId: article.gid, body: 'seen live' } }, { as: await buildUser() })).expectData();
    expect((await events.next()).commentEvents).toMatchObject({ kind: 'ADDED', comment: { body: 'seen live' } });

    const m = connect({ token: (await tokenOf(moderator, ['MODERATE'])).token });
    open.push(m);
    const before = app().services.pubsub.subscriptions;
    const live = m.subscribe(ModerationQueueEventsDocument, {});
    await subscribed(3, before);
    const comment = await buildComment({ article });
    (await gql(FlagCommentDocument, { input: { commentId: comment.gid, reason: 'SPAM' } }, { as: await buildUser() })).expectData();
    expect((await live.next()).moderationQueue).toMatchObject({ kind: 'ADDED', item: { comment: { id: comment.gid } } });
  });
});
