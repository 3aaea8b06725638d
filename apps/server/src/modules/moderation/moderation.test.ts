import { describe, expect, it } from 'vitest';
import {
  AddCommentDocument,
  ApproveCommentDocument,
  ArticleCommentsDocument,
  BanUserDocument,
  CommentDocument,
  FlagCommentDocument,
  HideCommentDocument,
  LockArticleCommentsDocument,
  ModerationLogDocument,
  ModerationQueueDocument,
  RejectCommentDocument,
  ReinstateUserDocument,
  ResolveFlagDocument,
  SetUserRoleDocument,
  SuspendUserDocument,
  UnhideCommentDocument,
  UsersDocument,
  ViewerDocument,
} from '@atrium/schema';
import { buildArticle, buildComment, buildUser, type TestUser } from '../../../test/factories.js';
import { gql, sql, startTestApp, useTestApp } from '../../../test/harness.js';

useTestApp();

async function lastLog(mod: TestUser) {
  return (await gql(ModerationLogDocument, { first: 1 }, { as: mod })).expectData().moderationLog.nodes[0];
}

describe('flags', () => {
  it('once per user; not your own; three members hide it until a moderator decides', async () => {
    const author = await buildUser();
    const c = await buildComment({ author });
    const [a, b, d] = await Promise.all([buildUser(), buildUser(), buildUser()]);
    const flag = (as: TestUser) => gql(FlagCommentDocument, { input: { commentId: c.gid, reason: 'SPAM', note: 'buy now links' } }, { as });
    (await flag(a)).expectData();
    expect((await flag(a)).expectErrorCode('BAD_USER_INPUT').message).toMatch(/already flagged/);
    (await flag(author)).expectErrorCode('FORBIDDEN');
    (await flag(b)).expectData();
    expect((await gql(CommentDocument, { id: c.gid }, { as: d })).expectData().comment?.status).toBe('PUBLISHED');
    (await flag(d)).expectData();
    expect((await gql(CommentDocument, { id: c.gid }, { as: await buildUser() })).expectData().comment).toBeNull();
    expect((await gql(CommentDocument, { id: c.gid }, { as: author })).expectData().comment?.status).toBe('HIDDEN');
    const mod = await buildUser({ role: 'MODERATOR' });
    const queue = (await gql(ModerationQueueDocument, {}, { as: mod })).expectData().moderationQueue;
    const item = queue.nodes.find((n) => n.comment.id === c.gid)!;
    expect(item).toMatchObject({ flagCount: 3, reasons: ['SPAM'], pending: false });
    // dismissing every flag ends the automatic hide
    for (const f of item.flags) (await gql(ResolveFlagDocument, { input: { flagId: f.id, accept: false } }, { as: mod })).expectData();
    expect((await gql(CommentDocument, { id: c.gid }, { as: await buildUser() })).expectData().comment?.status).toBe('PUBLISHED');
    expect((await lastLog(mod)).action).toBe('DISMISS_FLAG');
  });

  it('accepting a flag hides the comment and resolves its other flags', async () => {
    const c = await buildComment();
    const mod = await buildUser({ role: 'MODERATOR' });
    const f1 = (await gql(FlagCommentDocument, { input: { commentId: c.gid, reason: 'ABUSE' } }, { as: await buildUser() })).expectData().flagComment.flag;
    (await gql(FlagCommentDocument, { input: { commentId: c.gid, reason: 'ABUSE' } }, { as: await buildUser() })).expectData();
    const res = (await gql(ResolveFlagDocument, { input: { flagId: f1.id, accept: true } }, { as: mod })).expectData().resolveFlag.flag;
    expect(res).toMatchObject({ status: 'ACCEPTED', resolvedBy: { handle: mod.handle }, comment: { status: 'HIDDEN' } });
    const [open] = await sql<{ n: number }>(`select count(*)::int as n from flags where comment_id = $1 and status = 'OPEN'`, [c.id]);
    expect(open.n).toBe(0);
    (await gql(ResolveFlagDocument, { input: { flagId: f1.id, accept: false } }, { as: mod })).expectErrorCode('BAD_USER_INPUT');
    expect((await lastLog(mod)).action).toBe('ACCEPT_FLAG');
  });
});

describe('comment moderation', () => {
  it('hide, unhide, approve, reject change status, write the log and keep counters', async () => {
    const a = await buildArticle();
    const mod = await buildUser({ role: 'MODERATOR' });
    const reader = await buildUser();
    const c = await buildComment({ article: a });
    const count = async () => (await gql(ArticleCommentsDocument, { id: a.gid }, { as: reader })).expectData().article!.commentCount;
    expect(await count()).toBe(1);
    const hidden = (await gql(HideCommentDocument, { input: { commentId: c.gid, reason: 'OFF_TOPIC' } }, { as: mod })).expectData().hideComment.comment;
    expect(hidden).toMatchObject({ status: 'HIDDEN', hideReason: 'OFF_TOPIC' });
    expect(await count()).toBe(0);
    expect(await lastLog(mod)).toMatchObject({ action: 'HIDE_COMMENT', reason: 'OFF_TOPIC', target: { __typename: 'Comment', id: c.gid } });
    (await gql(HideCommentDocument, { input: { commentId: c.gid, reason: 'SPAM' } }, { as: mod })).expectErrorCode('BAD_USER_INPUT');
    (await gql(UnhideCommentDocument, { input: { commentId: c.gid } }, { as: mod })).expectData();
    expect(await count()).toBe(1);
    expect((await lastLog(mod)).action).toBe('UNHIDE_COMMENT');

    const newbie = await buildUser();
    const pending = (await gql(AddCommentDocument, { input: { articleId: a.gid, body: 'see http://example.com' } }, { as: newbie })).expectData().addComment.comment;
    expect(pending.status).toBe('PENDING');
    const queue = (await gql(ModerationQueueDocument, {}, { as: mod })).expectData().moderationQueue.nodes;
    expect(queue.find((n) => n.comment.id === pending.id)?.pending).toBe(true);
    (await gql(ApproveCommentDocument, { input: { commentId: pending.id } }, { as: mod })).expectData();
    expect(await count()).toBe(2);
    expect((await lastLog(mod)).action).toBe('APPROVE_COMMENT');
    const second = (await gql(AddCommentDocument, { input: { articleId: a.gid, body: 'and http://example.org' } }, { as: await buildUser() })).expectData().addComment.comment;
    const rejected = (await gql(RejectCommentDocument, { input: { commentId: second.id } }, { as: mod })).expectData().rejectComment.comment;
    expect(rejected).toMatchObject({ status: 'HIDDEN', hideReason: 'SPAM' });
    expect((await lastLog(mod)).action).toBe('REJECT_COMMENT');
    const [row] = await sql<{ comment_count: number; comment_count_all: number }>('select comment_count, comment_count_all from articles where id = $1', [a.id]);
    expect(row).toEqual({ comment_count: 2, comment_count_all: 3 });
  });

  it('a moderator deleting a member comment is logged; members cannot see hidden or pending comments of others', async () => {
    const a = await buildArticle();
    const mod = await buildUser({ role: 'MODERATOR' });
    const c = await buildComment({ article: a });
    const { DeleteCommentDocument } = await import('@atrium/schema');
    (await gql(DeleteCommentDocument, { input: { commentId: c.gid } }, { as: mod })).expectData();
    expect((await lastLog(mod)).action).toBe('DELETE_COMMENT');
    const hiddenOne = await buildComment({ article: a, status: 'HIDDEN' });
    const pendingOne = await buildComment({ article: a, status: 'PENDING' });
    const member = await buildUser();
    const seen = (await gql(ArticleCommentsDocument, { id: a.gid }, { as: member })).expectData().article!.comments.edges.map((e) => e.node.id);
    expect(seen).not.toContain(hiddenOne.gid);
    expect(seen).not.toContain(pendingOne.gid);
    expect((await gql(CommentDocument, { id: hiddenOne.gid }, { as: member })).expectData().comment).toBeNull();
  });

  it('locking an article stops member comments and is logged', async () => {
    const a = await buildArticle();
    const mod = await buildUser({ role: 'MODERATOR' });
    const res = (await gql(LockArticleCommentsDocument, { input: { articleId: a.gid, locked: true, reason: 'Fixed in 2.3' } }, { as: mod })).expectData();
    expect(res.lockArticleComments.article).toMatchObject({ commentsLocked: true, commentsLockReason: 'Fixed in 2.3' });
    (await gql(AddCommentDocument, { input: { articleId: a.gid, body: 'still broken' } }, { as: await buildUser() })).expectErrorCode('FORBIDDEN');
    expect((await lastLog(mod)).action).toBe('LOCK_ARTICLE');
    (await gql(LockArticleCommentsDocument, { input: { articleId: a.gid, locked: false } }, { as: mod })).expectData();
    expect((await lastLog(mod)).action).toBe('UNLOCK_ARTICLE');
  });
});

describe('user moderation', () => {
  it('suspend stops writing until it ends; ban ends sessions; reinstate restores', async () => {
    const mod = await buildUser({ role: 'MODERATOR' });
    const u = await buildUser();
    const a = await buildArticle();
    const until = new Date(Date.now() + 3_600_000).toISOString();
    const s = (await gql(SuspendUserDocument, { input: { userId: u.gid, until, reason: 'cooling off' } }, { as: mod })).expectData().suspendUser.user;
    expect(s.status).toBe('SUSPENDED');
    const refused = await gql(AddCommentDocument, { input: { articleId: a.gid, body: 'hi' } }, { as: u });
    expect(refused.expectErrorCode('FORBIDDEN').extensions?.reason).toBe('VIEWER_SUSPENDED');
    expect((await lastLog(mod)).action).toBe('SUSPEND_USER');
    (await gql(SuspendUserDocument, { input: { userId: u.gid, until: '2000-01-01T00:00:00Z', reason: 'x' } }, { as: mod })).expectErrorCode('BAD_USER_INPUT');

    (await gql(BanUserDocument, { input: { userId: u.gid, reason: 'spam ring' } }, { as: mod })).expectData();
    (await gql(ViewerDocument, {}, { as: u })).expectErrorCode('UNAUTHENTICATED');
    expect((await lastLog(mod)).action).toBe('BAN_USER');
    const back = (await gql(ReinstateUserDocument, { input: { userId: u.gid } }, { as: mod })).expectData().reinstateUser.user;
    expect(back.status).toBe('ACTIVE');
    expect((await lastLog(mod)).action).toBe('REINSTATE_USER');
  });

  it('moderators cannot act on staff above them or themselves; admins set roles', async () => {
    const mod = await buildUser({ role: 'MODERATOR' });
    const otherMod = await buildUser({ role: 'MODERATOR' });
    const admin = await buildUser({ role: 'ADMIN' });
    (await gql(BanUserDocument, { input: { userId: otherMod.gid } }, { as: mod })).expectErrorCode('FORBIDDEN');
    (await gql(BanUserDocument, { input: { userId: mod.gid } }, { as: mod })).expectErrorCode('FORBIDDEN');
    const u = await buildUser();
    const r = (await gql(SetUserRoleDocument, { input: { userId: u.gid, role: 'AGENT' } }, { as: admin })).expectData().setUserRole.user;
    expect(r.role).toBe('AGENT');
    expect((await lastLog(admin)).action).toBe('SET_ROLE');
    (await gql(SetUserRoleDocument, { input: { userId: u.gid, role: 'ADMIN' } }, { as: mod })).expectErrorCode('FORBIDDEN');
    const list = (await gql(UsersDocument, { search: u.handle.slice(0, 12) }, { as: mod })).expectData().users;
    expect(list.nodes.map((n) => n.id)).toContain(u.gid);
    (await gql(UsersDocument, {}, { as: u })).expectErrorCode('FORBIDDEN');
  });
});

describe('rate limits on writes', () => {
  it('answers RATE_LIMITED with retryAfter once a member exceeds the comment budget', async () => {
    const limited = await startTestApp({ writeLimits: { comments: 3, votes: 100, flags: 100, signin: 100 } } as never);
    try {
      const { tokenHash, SESSION_PREFIX } = await import('../auth/auth.service.js');
      const q = (text: string, params: unknown[] = []) => limited.database.ds.query(text, params);
      const [u] = await q(`insert into users (handle, display_name, email, password_hash) values ('limited_u', 'L', 'l@x.example', 'x') returning id`);
      const token = `${SESSION_PREFIX}ratelimit${Date.now()}`;
      await q(`insert into sessions (user_id, token_hash, expires_at) values ($1, $2, now() + interval '1 day')`, [u.id, tokenHash(token)]);
      const [cat] = await q(`insert into categories (slug, name) values ('rl', 'RL') returning id`);
      const [sec] = await q(`insert into sections (category_id, slug, name) values ($1, 'rl', 'RL') returning id`, [cat.id]);
      const [art] = await q(`insert into articles (section_id, author_id, slug, title, body, body_html, excerpt, status) values ($1, $2, 'rl', 'T', 'B', 'B', 'B', 'PUBLISHED') returning id`, [sec.id, u.id]);
      const { toGlobalId } = await import('../../graphql/global-id.js');
      const { print } = await import('graphql');
      const send = () =>
        fetch(`${limited.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: print(AddCommentDocument), variables: { input: { articleId: toGlobalId('Article', art.id), body: 'again' } } }),
        });
      const statuses: string[] = [];
      let retryAfter: unknown;
      for (let i = 0; i < 4; i++) {
        const res = await send();
        const body = (await res.json()) as { errors?: Array<{ extensions: { code: string; retryAfter?: number } }> };
        statuses.push(body.errors?.[0]?.extensions.code ?? 'OK');
        if (body.errors) retryAfter = body.errors[0].extensions.retryAfter;
        if (body.errors) expect(res.headers.get('retry-after')).toBeTruthy();
      }
      expect(statuses).toEqual(['OK', 'OK', 'OK', 'RATE_LIMITED']);
      expect(retryAfter).toBeGreaterThan(0);
      const [n] = await q('select count(*)::int as n from comments where article_id = $1', [art.id]);
      expect(n.n).toBe(3);
    } finally {
      await limited.close();
    }
  });
});
