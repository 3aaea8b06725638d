import { describe, expect, it } from 'vitest';
import {
  DeleteCommentDocument,
  FlagCommentDocument,
  HideCommentDocument,
  LockArticleCommentsDocument,
  ModerationActionNodeDocument,
  ModerationLogDocument,
  ModerationQueueDocument,
  ResolveFlagDocument,
  SuspendUserDocument,
  type ModerationActionKind,
} from '@atrium/schema';
import { buildArticle, buildComment, buildUser, type TestUser } from '../../../test/factories.js';
import { gql, useTestApp } from '../../../test/harness.js';

useTestApp();

type Filters = { moderatorId?: string; action?: ModerationActionKind; userId?: string; first?: number; after?: string };
const log = (vars: Filters, as: TestUser) => gql(ModerationLogDocument, vars, { as });
const entries = async (vars: Filters, as: TestUser) =>
  (await log(vars, as)).expectData().moderationLog.nodes.map((n) => `${n.action}:${n.moderator?.handle}:${n.targetUser?.handle ?? '-'}`);

/** Two moderators act on two members: a hide, a suspension, an accepted flag, a deletion and a lock. */
async function scene() {
  const [mod1, mod2] = await Promise.all([buildUser({ role: 'MODERATOR' }), buildUser({ role: 'MODERATOR' })]);
  const [alice, bob] = await Promise.all([buildUser(), buildUser()]);
  const article = await buildArticle();
  // one at a time: buildComment recounts the article's counters, and concurrent recounts under
  // READ COMMITTED can each miss the other's row (PostgreSQL only)
  const c1 = await buildComment({ author: alice, article });
  const c2 = await buildComment({ author: alice, article });
  const c3 = await buildComment({ author: alice, article });
  (await gql(HideCommentDocument, { input: { commentId: c1.gid, reason: 'OFF_TOPIC' } }, { as: mod1 })).expectData();
  (await gql(SuspendUserDocument, { input: { userId: bob.gid, until: new Date(Date.now() + 864e5).toISOString(), reason: 'cool off' } }, { as: mod2 })).expectData();
  (await gql(FlagCommentDocument, { input: { commentId: c2.gid, reason: 'SPAM' } }, { as: await buildUser() })).expectData();
  const item = (await gql(ModerationQueueDocument, {}, { as: mod2 })).expectData().moderationQueue.nodes.find((n) => n.comment.id === c2.gid)!;
  (await gql(ResolveFlagDocument, { input: { flagId: item.flags[0]!.id, accept: true } }, { as: mod2 })).expectData();
  (await gql(DeleteCommentDocument, { input: { commentId: c3.gid } }, { as: mod1 })).expectData();
  (await gql(LockArticleCommentsDocument, { input: { articleId: article.gid, locked: true } }, { as: mod1 })).expectData();
  return { mod1, mod2, alice, bob };
}

describe('Query.moderationLog filters', () => {
  it('by moderator, by action and by the member concerned (their account, comments and flagged comments), combined', async () => {
    const { mod1, mod2, alice, bob } = await scene();
    const a = alice.handle;
    expect(await entries({ moderatorId: mod1.gid }, mod1)).toEqual([`LOCK_ARTICLE:${mod1.handle}:-`, `DELETE_COMMENT:${mod1.handle}:${a}`, `HIDE_COMMENT:${mod1.handle}:${a}`]);
    expect(await entries({ moderatorId: mod2.gid }, mod1)).toEqual([`ACCEPT_FLAG:${mod2.handle}:${a}`, `SUSPEND_USER:${mod2.handle}:${bob.handle}`]);
    // the deleted comment still names its author for the log
    expect(await entries({ userId: alice.gid }, mod2)).toEqual([`DELETE_COMMENT:${mod1.handle}:${a}`, `ACCEPT_FLAG:${mod2.handle}:${a}`, `HIDE_COMMENT:${mod1.handle}:${a}`]);
    expect(await entries({ userId: bob.gid, action: 'SUSPEND_USER' }, mod2)).toEqual([`SUSPEND_USER:${mod2.handle}:${bob.handle}`]);
    expect(await entries({ userId: alice.gid, action: 'HIDE_COMMENT', moderatorId: mod1.gid }, mod2)).toEqual([`HIDE_COMMENT:${mod1.handle}:${a}`]);
    expect(await entries({ userId: alice.gid, moderatorId: mod2.gid, action: 'HIDE_COMMENT' }, mod2)).toEqual([]);
    const hides = (await log({ action: 'HIDE_COMMENT' }, mod1)).expectData().moderationLog;
    expect(hides.nodes.every((n) => n.action === 'HIDE_COMMENT')).toBe(true);
    expect(hides.totalCount).toBe(hides.nodes.length);
    // an unknown user is an empty page, not an error
    expect(await entries({ userId: (await buildUser()).gid }, mod1)).toEqual([]);
  });

  it('pages through a filtered list; a cursor of another filter is refused', async () => {
    const { mod1, alice } = await scene();
    const first = (await log({ userId: alice.gid, first: 2 }, mod1)).expectData().moderationLog;
    expect(first).toMatchObject({ totalCount: 3, pageInfo: { hasNextPage: true } });
    const rest = (await log({ userId: alice.gid, first: 2, after: first.pageInfo.endCursor! }, mod1)).expectData().moderationLog;
    expect(rest.nodes.map((n) => n.action)).toEqual(['HIDE_COMMENT']);
    expect(rest.pageInfo.hasNextPage).toBe(false);
    const err = (await log({ moderatorId: mod1.gid, after: first.pageInfo.endCursor! }, mod1)).expectErrorCode('BAD_USER_INPUT');
    expect(err.extensions?.field).toBe('after');
  });

  it('a malformed or wrong-type id is BAD_USER_INPUT naming the argument', async () => {
    const mod = await buildUser({ role: 'MODERATOR' });
    const comment = await buildComment();
    expect((await log({ moderatorId: 'nope' }, mod)).expectErrorCode('BAD_USER_INPUT').extensions?.field).toBe('moderatorId');
    expect((await log({ userId: comment.gid }, mod)).expectErrorCode('BAD_USER_INPUT').extensions?.field).toBe('userId');
  });

  it('node() of an entry names the member too; a page costs the same SQL for 5 and 20 entries', async () => {
    const { mod1, alice } = await scene();
    const [entry] = (await log({ userId: alice.gid, first: 1 }, mod1)).expectData().moderationLog.nodes;
    const node = (await gql(ModerationActionNodeDocument, { id: entry!.id }, { as: mod1 })).expectData().node;
    expect(node).toMatchObject({ __typename: 'ModerationAction', targetUser: { handle: alice.handle } });
    const few = await log({ first: 5 }, mod1);
    expect(new Set(few.expectData().moderationLog.nodes.map((n) => n.target?.__typename))).toEqual(new Set(['Article', 'Comment', 'Flag', 'User']));
    for (let i = 0; i < 3; i++) await scene();
    const many = await log({ first: 20 }, mod1);
    expect(many.expectData().moderationLog.nodes).toHaveLength(20);
    expect(many.sqlStatements).toBeGreaterThan(0);
    expect(many.sqlStatements).toBe(few.sqlStatements);
  });
});

describe('Query.moderationLog authorization', () => {
  it.each([
    [null, 'UNAUTHENTICATED'],
    ['MEMBER', 'FORBIDDEN'],
    ['AGENT', 'FORBIDDEN'],
    ['MODERATOR', null],
    ['ADMIN', null],
  ] as const)('with filters as %s', async (role, code) => {
    const target = await buildUser();
    const res = await gql(ModerationLogDocument, { userId: target.gid, action: 'BAN_USER' }, { as: role && (await buildUser({ role })) });
    if (code) res.expectErrorCode(code);
    else expect(res.expectData().moderationLog.nodes).toEqual([]);
  });
});
