import {
  AddCommentDocument,
  ApproveCommentDocument,
  ArchiveArticleDocument,
  BanUserDocument,
  DeleteCommentDocument,
  FlagCommentDocument,
  HideCommentDocument,
  LockArticleCommentsDocument,
  PublishArticleDocument,
  ResolveFlagDocument,
  SetUserRoleDocument,
  SignOutDocument,
  SignUpDocument,
  UnhideCommentDocument,
  UpdateCommentDocument,
  VoteArticleDocument,
  VoteCommentDocument,
} from '@atrium/schema';
import { describe, expect, it } from 'vitest';
import { parseGlobalId } from '../../src/graphql/global-id.js';
import { buildArticle, buildSection, buildUser } from '../factories.js';
import { gql, sql, useTestApp } from '../harness.js';

/**
 * Every write that matters records its domain event in its own transaction (events/catalog.ts),
 * through the real API: type, ids for filtering (article, section, actor) and the payload; a
 * refused write records nothing.
 */

useTestApp();

interface EventRow {
  id: string;
  type: string;
  payload: Record<string, unknown>;
  article_id: string | null;
  section_id: string | null;
  actor_id: string | null;
}

/** Events recorded since `after` (an event id), oldest first. */
async function eventsSince(after: string): Promise<EventRow[]> {
  return sql<EventRow>('select id::text as id, type, payload, article_id, section_id, actor_id from domain_events e where e.id > $1 order by e.id', [after]);
}
async function lastId(): Promise<string> {
  const [r] = await sql<{ id: string }>('select coalesce(max(id), 0)::text as id from domain_events');
  return r.id;
}
const uuid = (gid: string) => parseGlobalId(gid)!.uuid;

describe('domain events of writes', () => {
  it('comments: created, edited, voted, deleted; a refused write records nothing', async () => {
    const section = await buildSection();
    const article = await buildArticle({ section });
    const author = await buildUser();
    const voter = await buildUser();
    let mark = await lastId();
    const added = (await gql(AddCommentDocument, { input: { articleId: article.gid, body: 'First!' } }, { as: author })).expectData().addComment.comment;
    const commentId = uuid(added.id);
    let rows = await eventsSince(mark);
    expect(rows.map((r) => r.type)).toEqual(['comment.created']);
    expect(rows[0]).toMatchObject({ article_id: article.id, section_id: section.id, actor_id: author.id });
    expect(rows[0].payload).toEqual({
      commentId, articleId: article.id, sectionId: section.id, path: [commentId], authorId: author.id, actorId: author.id,
      before: null, after: { status: 'PUBLISHED', tombstone: false },
    });

    mark = await lastId();
    (await gql(UpdateCommentDocument, { input: { commentId: added.id, body: 'First, edited' } }, { as: author })).expectData();
    (await gql(VoteCommentDocument, { input: { commentId: added.id, value: 'UP' } }, { as: voter })).expectData();
    // refused: one's own comment takes no vote; nothing recorded
    (await gql(VoteCommentDocument, { input: { commentId: added.id, value: 'UP' } }, { as: author })).expectErrorCode('FORBIDDEN');
    (await gql(DeleteCommentDocument, { input: { commentId: added.id } }, { as: author })).expectData();
    rows = await eventsSince(mark);
    expect(rows.map((r) => r.type)).toEqual(['comment.edited', 'comment.voted', 'comment.deleted']);
    expect(rows[1].payload).toMatchObject({ commentId, upvotes: 1, downvotes: 0, actorId: null });
    // who voted stays private
    expect(rows[1].actor_id).toBeNull();
    expect(rows[2].payload).toMatchObject({ commentId, removedBy: 'AUTHOR', before: { status: 'PUBLISHED' }, after: { status: 'DELETED' } });
  });

  it('moderation: flag, automatic hide, resolve, hide/unhide, approve, lock, users', async () => {
    const section = await buildSection();
    const article = await buildArticle({ section });
    const author = await buildUser();
    const moderator = await buildUser({ role: 'MODERATOR' });
    const admin = await buildUser({ role: 'ADMIN' });
    const flaggers = await Promise.all([buildUser(), buildUser(), buildUser()]);
    const c = (await gql(AddCommentDocument, { input: { articleId: article.gid, body: 'Spam spam' } }, { as: author })).expectData().addComment.comment;
    const commentId = uuid(c.id);

    let mark = await lastId();
    const flagIds: string[] = [];
    for (const f of flaggers) {
      flagIds.push((await gql(FlagCommentDocument, { input: { commentId: c.id, reason: 'SPAM' } }, { as: f })).expectData().flagComment.flag.id);
    }
    let rows = await eventsSince(mark);
    const threshold = Number((await sql<{ n: number }>('select count(*)::int as n from flags where comment_id = $1', [commentId]))[0].n);
    expect(threshold).toBe(3);
    const types = rows.map((r) => r.type);
    expect(types.filter((t) => t === 'comment.flagged')).toHaveLength(3);
    expect(rows.find((r) => r.type === 'comment.flagged')!.payload).toMatchObject({ commentId, articleId: article.id, sectionId: section.id, reason: 'SPAM', openFlags: 1 });
    const autoHide = rows.find((r) => r.type === 'comment.hidden');
    if (autoHide) {
      // the default threshold hid it: by nobody, logged as automatic
      expect(autoHide.payload).toMatchObject({ automatic: true, actorId: null, after: { status: 'HIDDEN' } });
      expect(rows.find((r) => r.type === 'moderation.action')!.payload).toMatchObject({ action: 'HIDE_COMMENT', automatic: true, commentId });
    }

    mark = await lastId();
    (await gql(ResolveFlagDocument, { input: { flagId: flagIds[0], accept: true } }, { as: moderator })).expectData();
    rows = await eventsSince(mark);
    expect(rows.map((r) => r.type)).toEqual([...(autoHide ? [] : ['comment.hidden']), 'moderation.action', 'flag.resolved']);
    expect(rows.at(-1)!.payload).toMatchObject({ flagId: uuid(flagIds[0]), accepted: true, commentId, actorId: moderator.id });

    mark = await lastId();
    (await gql(UnhideCommentDocument, { input: { commentId: c.id } }, { as: moderator })).expectData();
    (await gql(HideCommentDocument, { input: { commentId: c.id, reason: 'SPAM' } }, { as: moderator })).expectData();
    // refused: a member cannot approve; nothing recorded
    (await gql(ApproveCommentDocument, { input: { commentId: c.id } }, { as: author })).expectErrorCode('FORBIDDEN');
    (await gql(LockArticleCommentsDocument, { input: { articleId: article.gid, locked: true, reason: 'Heated' } }, { as: moderator })).expectData();
    rows = await eventsSince(mark);
    expect(rows.map((r) => [r.type, (r.payload as { action?: string }).action ?? null])).toEqual([
      ['comment.unhidden', null], ['moderation.action', 'UNHIDE_COMMENT'],
      ['comment.hidden', null], ['moderation.action', 'HIDE_COMMENT'],
      ['article.comments_locked', null], ['moderation.action', 'LOCK_ARTICLE'],
    ]);
    expect(rows[2].payload).toMatchObject({ automatic: false, reason: 'SPAM', actorId: moderator.id, before: { status: 'PUBLISHED' } });
    expect(rows[4]).toMatchObject({ article_id: article.id, section_id: section.id, actor_id: moderator.id });

    mark = await lastId();
    const member = await buildUser();
    (await gql(SetUserRoleDocument, { input: { userId: member.gid, role: 'AGENT' } }, { as: admin })).expectData();
    (await gql(BanUserDocument, { input: { userId: member.gid, reason: 'Spam' } }, { as: admin })).expectData();
    rows = await eventsSince(mark);
    expect(rows.filter((r) => r.type.startsWith('user.')).map((r) => [r.type, r.payload])).toEqual([
      ['user.role_changed', { userId: member.id, actorId: admin.id, from: 'MEMBER', to: 'AGENT' }],
      // a role change and a ban end the user's open sockets (every credential: credentialIds null)
      ['user.credentials_revoked', { userId: member.id, actorId: admin.id, credentialIds: null }],
      ['user.banned', { userId: member.id, actorId: admin.id }],
      ['user.credentials_revoked', { userId: member.id, actorId: admin.id, credentialIds: null }],
    ]);
  });

  it('accounts: signed up (with its verification mail, in the same transaction), signed out; a refused sign-up records nothing', async () => {
    const mark = await lastId();
    const handle = `new${Date.now().toString(36)}`;
    const email = `${handle}@example.com`;
    const input = { handle, displayName: 'New Reader', email, password: 'a long and unusual passphrase 42' };
    const up = (await gql(SignUpDocument, { input })).expectData().signUp;
    const userId = uuid(up.user.id);
    // the same address again: another account, the address kept unconfirmed, its owner told instead
    const again = (await gql(SignUpDocument, { input: { ...input, handle: `${handle}b` } })).expectData().signUp;
    const secondId = uuid(again.user.id);
    // a taken handle is refused: no account, no event
    const refused = await gql(SignUpDocument, { input: { ...input, email: `other-${email}` } });
    expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    (await gql(SignOutDocument, {}, { token: up.token })).expectData();
    const [session] = await sql<{ id: string }>('select id::text as id from sessions where user_id = $1', [userId]);
    const rows = await eventsSince(mark);
    expect(rows.map((r) => [r.type, r.payload, r.actor_id])).toEqual([
      ['user.signed_up', { userId, actorId: userId, addressTaken: false }, userId],
      ['user.signed_up', { userId: secondId, actorId: secondId, addressTaken: true }, secondId],
      ['user.credentials_revoked', { userId, actorId: userId, credentialIds: [session.id] }, userId],
    ]);
    // the account module's consumer of user.signed_up: a verification link to the new address, a notice to its owner
    const mails = await sql<{ kind: string; to: string; user_id: string | null }>(
      'select kind, "to", user_id::text as user_id from mails where lower("to") = lower($1) order by created_at, id',
      [email],
    );
    expect(mails.map((m) => m.user_id)).toEqual([userId, userId]);
    expect(new Set(mails.map((m) => m.kind)).size).toBe(2);
  });

  it('a held comment approved; articles published, archived and voted on', async () => {
    const section = await buildSection();
    const article = await buildArticle({ section });
    const draft = await buildArticle({ section, status: 'DRAFT' });
    const agent = await buildUser({ role: 'AGENT' });
    const moderator = await buildUser({ role: 'MODERATOR' });
    const newcomer = await buildUser();
    const reader = await buildUser();
    let mark = await lastId();
    // a first comment with a link waits for approval
    const held = (await gql(AddCommentDocument, { input: { articleId: article.gid, body: 'See https://example.com' } }, { as: newcomer })).expectData().addComment.comment;
    (await gql(ApproveCommentDocument, { input: { commentId: held.id } }, { as: moderator })).expectData();
    let rows = await eventsSince(mark);
    expect(rows.map((r) => r.type)).toEqual(['comment.created', 'comment.approved', 'moderation.action']);
    expect(rows[0].payload).toMatchObject({ after: { status: 'PENDING' } });
    expect(rows[1].payload).toMatchObject({ before: { status: 'PENDING' }, after: { status: 'PUBLISHED' }, actorId: moderator.id });

    mark = await lastId();
    (await gql(PublishArticleDocument, { input: { articleId: draft.gid } }, { as: agent })).expectData();
    (await gql(VoteArticleDocument, { input: { articleId: draft.gid, helpful: true } }, { as: reader })).expectData();
    (await gql(ArchiveArticleDocument, { input: { articleId: draft.gid } }, { as: agent })).expectData();
    rows = await eventsSince(mark);
    expect(rows.map((r) => [r.type, r.article_id, r.section_id])).toEqual([
      ['article.published', draft.id, section.id],
      ['article.voted', draft.id, section.id],
      ['article.archived', draft.id, section.id],
    ]);
    expect(rows[1].payload).toEqual({ articleId: draft.id, sectionId: section.id, actorId: null, helpfulCount: 1, voteCount: 1 });
  });
});
