import { parse, type DocumentNode } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import {
  AddCommentDocument,
  DeleteCommentDocument,
  FlagCommentDocument,
  HideCommentDocument,
  MarkOfficialAnswerDocument,
  UnhideCommentDocument,
  UnmarkOfficialAnswerDocument,
} from '@atrium/schema';
import { afterEach, describe, expect, it } from 'vitest';
import { buildArticle, buildComment, buildUser, recountComments, type TestUser } from '../../../test/factories.js';
import { app, gql, sql, useTestApp } from '../../../test/harness.js';
import { connect, subscribed, unsubscribedAll, type TestClient } from '../../../test/ws/ws-client.js';

useTestApp();

/**
 * Issue #18, answers and threads: staff mark a reply as the answer to its question (shown
 * first, live, with a notification), a moderator's hide keeps the visible replies under a
 * placeholder, and the automatic hide at the flag threshold is in the moderation log.
 */

type Json = Record<string, any>;
const doc = (text: string) => parse(text) as DocumentNode as TypedDocumentNode<Json, Json>;

const FIELDS = `id status body bodyHtml hideReason removedBy isOfficial isAcceptedAnswer acceptedAt viewerCanMarkAnswer replyCount
  author { handle } acceptedBy { handle }`;
const ONE = doc(`query One($id: ID!) { comment(id: $id) { ${FIELDS} acceptedAnswer { id body author { handle } } } }`);
const PAGE = doc(`query Page($slug: String!) { article(slug: $slug) { commentCount
  comments(first: 10, orderBy: OLD) { totalCount nodes { ${FIELDS} acceptedAnswer { id }
    replies(first: 10) { totalCount nodes { ${FIELDS} replies(first: 10) { totalCount nodes { ${FIELDS} } } } } } } } }`);
const LOG = doc(`query Log { moderationLog(first: 5) { nodes { action reason isAutomatic moderator { handle } target { id } } } }`);
const EVENTS = doc(`subscription Events($articleId: ID!) { commentEvents(articleId: $articleId) { kind comment { ${FIELDS} acceptedAnswer { id } } } }`);
const INBOX = doc(`query Inbox { viewer { notifications(first: 10) { nodes { kind comment { id } } } } }`);

const one = async (id: string, as: TestUser | null) => (await gql(ONE, { id }, { as })).expectData().comment;
const mark = (commentId: string, as: TestUser | null) => gql(MarkOfficialAnswerDocument, { input: { commentId } }, { as });
const unmark = (commentId: string, as: TestUser | null) => gql(UnmarkOfficialAnswerDocument, { input: { commentId } }, { as });

/** A member's question with a member's reply and a staff reply. */
async function thread() {
  const article = await buildArticle();
  const asker = await buildUser();
  const helper = await buildUser();
  const agent = await buildUser({ role: 'AGENT' });
  const question = await buildComment({ article, author: asker, body: 'How do I reset my password?' });
  const reply = await buildComment({ parent: question, author: helper, body: 'Settings, then Password.' });
  const staffReply = await buildComment({ parent: question, author: agent, body: 'See the article above.' });
  const nested = await buildComment({ parent: reply, author: asker, body: 'Thanks, that worked.' });
  return { article, asker, helper, agent, question, reply, staffReply, nested };
}

describe('Mutation.markOfficialAnswer / unmarkOfficialAnswer', () => {
  it('marks any published reply as the one answer of its question, replaces it, and unmarks it', async () => {
    const t = await thread();
    const done = (await mark(t.reply.gid, t.agent)).expectData().markOfficialAnswer.comment;
    expect(done).toMatchObject({ id: t.reply.gid, isAcceptedAnswer: true, acceptedBy: { handle: t.agent.handle } });
    // everyone reads it, the question points at it, isOfficial keeps meaning "written by staff"
    for (const as of [null, t.helper, t.agent]) {
      const q = await one(t.question.gid, as);
      expect(q.acceptedAnswer).toEqual({ id: t.reply.gid, body: 'Settings, then Password.', author: { handle: t.helper.handle } });
      expect(await one(t.reply.gid, as)).toMatchObject({ isAcceptedAnswer: true, isOfficial: false, acceptedBy: { handle: t.agent.handle } });
    }
    // marking it again changes nothing; marking the staff reply replaces it
    (await mark(t.reply.gid, t.agent)).expectData();
    (await mark(t.staffReply.gid, t.agent)).expectData();
    expect((await one(t.question.gid, null)).acceptedAnswer.id).toBe(t.staffReply.gid);
    expect(await one(t.reply.gid, null)).toMatchObject({ isAcceptedAnswer: false, acceptedBy: null, acceptedAt: null });
    expect(await one(t.staffReply.gid, null)).toMatchObject({ isAcceptedAnswer: true });
    // a deeper reply can be the answer too
    (await mark(t.nested.gid, t.agent)).expectData();
    expect((await one(t.question.gid, null)).acceptedAnswer.id).toBe(t.nested.gid);
    // unmarking something that is not the answer changes nothing; unmarking the answer clears it
    expect((await unmark(t.reply.gid, t.agent)).expectData().unmarkOfficialAnswer.comment.isAcceptedAnswer).toBe(false);
    expect((await one(t.question.gid, null)).acceptedAnswer.id).toBe(t.nested.gid);
    (await unmark(t.nested.gid, t.agent)).expectData();
    expect((await one(t.question.gid, null)).acceptedAnswer).toBeNull();
    const [{ n }] = await sql<{ n: number }>('select count(*)::int as n from comments where accepted_at is not null and path[1] = $1', [t.question.id]);
    expect(n).toBe(0);
  });

  it.each([
    ['anonymous', null, 'UNAUTHENTICATED'],
    ['the asker', 'asker', 'FORBIDDEN'],
    ['the member who replied', 'helper', 'FORBIDDEN'],
    ['an agent', 'AGENT', null],
    ['a moderator', 'MODERATOR', null],
    ['an admin', 'ADMIN', null],
    ['a suspended agent', 'SUSPENDED_AGENT', 'FORBIDDEN'],
  ] as const)('as %s', async (_who, who, code) => {
    const t = await thread();
    let as: TestUser | null = null;
    if (who === 'asker') as = t.asker;
    else if (who === 'helper') as = t.helper;
    else if (who === 'SUSPENDED_AGENT') as = await buildUser({ role: 'AGENT', status: 'SUSPENDED' });
    else if (who) as = await buildUser({ role: who });
    const res = await mark(t.reply.gid, as);
    if (code) {
      res.expectErrorCode(code);
      expect((await one(t.question.gid, null)).acceptedAnswer).toBeNull();
    } else {
      res.expectData();
      (await unmark(t.reply.gid, as)).expectData();
    }
    if (code) (await unmark(t.reply.gid, as)).expectErrorCode(code);
  });

  it('refuses the question itself, unpublished replies and unknown ids with clear codes', async () => {
    const t = await thread();
    const pending = await buildComment({ parent: t.question, status: 'PENDING' });
    const hidden = await buildComment({ parent: t.question, status: 'HIDDEN' });
    const q = (await mark(t.question.gid, t.agent)).expectErrorCode('BAD_USER_INPUT');
    expect(q.message).toMatch(/question cannot be its own answer/);
    (await mark(pending.gid, t.agent)).expectErrorCode('BAD_USER_INPUT');
    (await mark(hidden.gid, t.agent)).expectErrorCode('BAD_USER_INPUT');
    (await mark('not-an-id', t.agent)).expectErrorCode('BAD_USER_INPUT');
    (await mark(t.article.gid, t.agent)).expectErrorCode('BAD_USER_INPUT');
    const gone = await buildComment({ parent: t.question });
    await sql('delete from comments where id = $1', [gone.id]);
    (await mark(gone.gid, t.agent)).expectErrorCode('NOT_FOUND');
    expect(await one(t.reply.gid, t.agent)).toMatchObject({ viewerCanMarkAnswer: true });
    expect(await one(t.question.gid, t.agent)).toMatchObject({ viewerCanMarkAnswer: false });
    expect(await one(t.reply.gid, t.helper)).toMatchObject({ viewerCanMarkAnswer: false });
  });

  it('shows a hidden answer only to who may read it, and a deleted answer is no answer', async () => {
    const t = await thread();
    const mod = await buildUser({ role: 'MODERATOR' });
    (await mark(t.staffReply.gid, t.agent)).expectData();
    (await gql(HideCommentDocument, { input: { commentId: t.staffReply.gid, reason: 'OUTDATED' } }, { as: mod })).expectData();
    expect((await one(t.question.gid, t.helper)).acceptedAnswer).toBeNull();
    expect((await one(t.question.gid, mod)).acceptedAnswer.id).toBe(t.staffReply.gid);
    (await gql(UnhideCommentDocument, { input: { commentId: t.staffReply.gid } }, { as: mod })).expectData();
    expect((await one(t.question.gid, t.helper)).acceptedAnswer.id).toBe(t.staffReply.gid);
    (await gql(DeleteCommentDocument, { input: { commentId: t.staffReply.gid } }, { as: t.agent })).expectData();
    expect((await one(t.question.gid, mod)).acceptedAnswer).toBeNull();
    const [row] = await sql<Json>('select accepted_by, accepted_at from comments where id = $1', [t.staffReply.id]);
    expect(row).toEqual({ accepted_by: null, accepted_at: null });
  });

  it("tells the question's author (OFFICIAL_ANSWER), once", async () => {
    const t = await thread();
    await app().services.notifications.outbox.drain();
    const before = (await gql(INBOX, {}, { as: t.asker })).expectData().viewer!.notifications.nodes.length;
    (await mark(t.reply.gid, t.agent)).expectData();
    (await unmark(t.reply.gid, t.agent)).expectData();
    (await mark(t.reply.gid, t.agent)).expectData();
    await app().services.notifications.outbox.drain();
    const nodes = (await gql(INBOX, {}, { as: t.asker })).expectData().viewer!.notifications.nodes;
    expect(nodes.length - before).toBe(1);
    expect(nodes[0]).toEqual({ kind: 'OFFICIAL_ANSWER', comment: { id: t.reply.gid } });
    // the marker hears nothing about their own action
    expect((await gql(INBOX, {}, { as: t.agent })).expectData().viewer!.notifications.nodes).toEqual([]);
  });
});

describe('a hidden comment with replies', () => {
  /** question ← parent (hidden) ← reply; a lonely comment hidden without replies. */
  async function hiddenParent() {
    const article = await buildArticle();
    const author = await buildUser();
    const reader = await buildUser();
    const mod = await buildUser({ role: 'MODERATOR' });
    const question = await buildComment({ article, body: 'question' });
    const parent = await buildComment({ parent: question, author, body: 'rude parent' });
    const reply = await buildComment({ parent, author: reader, body: 'a useful reply' });
    const lonely = await buildComment({ parent: question, author, body: 'lonely' });
    for (const c of [parent, lonely]) (await gql(HideCommentDocument, { input: { commentId: c.gid, reason: 'ABUSE' } }, { as: mod })).expectData();
    return { article, author, reader, mod, question, parent, reply, lonely };
  }

  it('stays as a placeholder above its replies for members; staff and its author read the text', async () => {
    const h = await hiddenParent();
    const placeholder = { id: h.parent.gid, status: 'HIDDEN', body: '', bodyHtml: '', hideReason: null, author: null, removedBy: 'MODERATOR', replyCount: 1 };
    for (const as of [null, h.reader]) {
      const page = (await gql(PAGE, { slug: h.article.slug }, { as })).expectData().article!;
      const q = page.comments.nodes[0];
      expect(q.replies.nodes.map((n: Json) => n.id)).toEqual([h.parent.gid]); // the lonely hidden one is gone
      expect(q.replies.nodes[0]).toMatchObject(placeholder);
      expect(q.replies.nodes[0].replies.nodes.map((n: Json) => n.body)).toEqual(['a useful reply']);
      // counts: the placeholder is listed (replyCount, totalCount) but not a comment to read (commentCount)
      expect([q.replyCount, q.replies.totalCount, page.commentCount]).toEqual([1, 1, 2]);
      expect(await one(h.parent.gid, as)).toMatchObject(placeholder);
      expect(await one(h.lonely.gid, as)).toBeNull();
    }
    for (const as of [h.mod, h.author]) {
      const c = await one(h.parent.gid, as);
      expect(c).toMatchObject({ status: 'HIDDEN', body: 'rude parent', hideReason: 'ABUSE', author: { handle: h.author.handle }, removedBy: 'MODERATOR' });
      const page = (await gql(PAGE, { slug: h.article.slug }, { as })).expectData().article!;
      expect(page.comments.nodes[0].replies.nodes.map((n: Json) => n.body)).toEqual(['rude parent', 'lonely']);
    }
    // unhidden, it is a comment again for everyone
    (await gql(UnhideCommentDocument, { input: { commentId: h.parent.gid } }, { as: h.mod })).expectData();
    expect(await one(h.parent.gid, null)).toMatchObject({ status: 'PUBLISHED', body: 'rude parent', removedBy: null, author: { handle: h.author.handle } });
    // and the counters equal a recount after every step
    const counters = () => sql('select id, reply_count, reply_count_all, tombstone from comments where article_id = $1 order by id', [h.article.id]);
    const now = await counters();
    await recountComments(h.article.id);
    expect(await counters()).toEqual(now);
  });

  it('becomes a placeholder when a reply everyone sees arrives later, and says who removed a deleted one', async () => {
    const article = await buildArticle();
    const mod = await buildUser({ role: 'MODERATOR' });
    const member = await buildUser();
    const top = await buildComment({ article, body: 'top' });
    (await gql(HideCommentDocument, { input: { commentId: top.gid, reason: 'SPAM' } }, { as: mod })).expectData();
    expect(await one(top.gid, null)).toBeNull();
    (await gql(AddCommentDocument, { input: { articleId: article.gid, parentId: top.gid, body: 'staff reply' } }, { as: mod })).expectData();
    const page = (await gql(PAGE, { slug: article.slug })).expectData().article!;
    expect(page.comments.totalCount).toBe(1);
    expect(page.comments.nodes[0]).toMatchObject({ removedBy: 'MODERATOR', body: '', replies: { totalCount: 1 } });
    // deletions: by the author, by a moderator
    const own = await buildComment({ article, author: member });
    await buildComment({ parent: own });
    const other = await buildComment({ article });
    await buildComment({ parent: other });
    (await gql(DeleteCommentDocument, { input: { commentId: own.gid } }, { as: member })).expectData();
    (await gql(DeleteCommentDocument, { input: { commentId: other.gid } }, { as: mod })).expectData();
    expect(await one(own.gid, null)).toMatchObject({ status: 'DELETED', removedBy: 'AUTHOR', author: null, body: '' });
    expect(await one(other.gid, null)).toMatchObject({ status: 'DELETED', removedBy: 'MODERATOR', author: null, body: '' });
    // members cannot reply to a placeholder
    (await gql(AddCommentDocument, { input: { articleId: article.gid, parentId: top.gid, body: 'me too' } }, { as: member })).expectErrorCode('FORBIDDEN');
  });
});

describe('live events', () => {
  const open: TestClient[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((c) => c.dispose()));
    await unsubscribedAll();
  });
  async function watch(as: TestUser | null, articleId: string) {
    const c = connect(as ? { as } : {});
    open.push(c);
    const base = app().services.pubsub.subscriptions;
    const sub = c.subscribe(EVENTS, { articleId });
    await subscribed(1, base);
    return sub;
  }

  it('REMOVED keeps a hidden comment with replies as a placeholder for members; staff get UPDATED with the text', async () => {
    const article = await buildArticle();
    const mod = await buildUser({ role: 'MODERATOR' });
    const parent = await buildComment({ article, body: 'to be hidden' });
    await buildComment({ parent });
    const member = await watch(await buildUser(), article.gid);
    const staff = await watch(mod, article.gid);
    (await gql(HideCommentDocument, { input: { commentId: parent.gid, reason: 'SPAM' } }, { as: mod })).expectData();
    const m = (await member.next()).commentEvents;
    expect(m).toMatchObject({ kind: 'REMOVED', comment: { id: parent.gid, status: 'HIDDEN', body: '', author: null, removedBy: 'MODERATOR', replyCount: 1 } });
    const s = (await staff.next()).commentEvents;
    expect(s).toMatchObject({ kind: 'UPDATED', comment: { id: parent.gid, status: 'HIDDEN', body: 'to be hidden', removedBy: 'MODERATOR' } });
  });

  it('marking an answer sends UPDATED for the answer and for its question to every reader', async () => {
    const t = await thread();
    const reader = await watch(null, t.article.gid);
    const member = await watch(t.helper, t.article.gid);
    (await mark(t.reply.gid, t.agent)).expectData();
    for (const sub of [reader, member]) {
      const first = (await sub.next()).commentEvents;
      const second = (await sub.next()).commentEvents;
      const byId = Object.fromEntries([first, second].map((e: Json) => [e.comment.id, e]));
      expect(byId[t.reply.gid]).toMatchObject({ kind: 'UPDATED', comment: { isAcceptedAnswer: true, acceptedBy: { handle: t.agent.handle } } });
      expect(byId[t.question.gid]).toMatchObject({ kind: 'UPDATED', comment: { acceptedAnswer: { id: t.reply.gid } } });
    }
  });
});

describe('the automatic hide at the flag threshold', () => {
  it('writes a moderation action without a moderator, marked automatic', async () => {
    const c = await buildComment({ body: 'spammy' });
    const mod = await buildUser({ role: 'MODERATOR' });
    const flaggers: TestUser[] = [];
    for (let i = 0; i < 3; i++) flaggers.push(await buildUser());
    for (const f of flaggers) (await gql(FlagCommentDocument, { input: { commentId: c.gid, reason: 'SPAM' } }, { as: f })).expectData();
    expect((await one(c.gid, mod)).status).toBe('HIDDEN');
    const log = (await gql(LOG, {}, { as: mod })).expectData().moderationLog.nodes;
    expect(log[0]).toEqual({ action: 'HIDE_COMMENT', reason: 'SPAM', isAutomatic: true, moderator: null, target: { id: c.gid } });
    // a moderator's own actions are not automatic
    (await gql(UnhideCommentDocument, { input: { commentId: c.gid } }, { as: mod })).expectData();
    const after = (await gql(LOG, {}, { as: mod })).expectData().moderationLog.nodes;
    expect(after[0]).toMatchObject({ action: 'UNHIDE_COMMENT', isAutomatic: false, moderator: { handle: mod.handle } });
  });
});


