import { AddCommentDocument, ArticleVotesDocument, CommentEventsDocument, DeleteCommentDocument, SignInDocument, UpdateCommentDocument, VoteArticleDocument, VoteCommentDocument } from '@atrium/schema';
import { afterEach, describe, expect, it } from 'vitest';
import { buildArticle, buildComment, buildUser, TEST_PASSWORD, type TestUser } from '../factories.js';
import { app, gql, useTestApp } from '../harness.js';
import { connect, moderate, subscribed, unsubscribedAll, type TestClient } from './ws-client.js';

useTestApp();

const open: TestClient[] = [];
function client(opts: Parameters<typeof connect>[0] = {}) {
  const c = connect(opts);
  open.push(c);
  return c;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.dispose()));
  await unsubscribedAll();
});

/** Subscribes and waits until the server has registered the subscription. */
async function watch(c: TestClient, articleId: string, ancestorId?: string) {
  const base = app().services.pubsub.subscriptions;
  const sub = c.subscribe(CommentEventsDocument, { articleId, ancestorId });
  await subscribed(1, base);
  return sub;
}

async function addComment(as: TestUser, articleId: string, body: string, parentId?: string) {
  return (await gql(AddCommentDocument, { input: { articleId, body, parentId } }, { as })).expectData().addComment.comment;
}

describe('Subscription.commentEvents', () => {
  it('sends ADDED to anonymous readers with the comment resolved for them', async () => {
    const article = await buildArticle();
    const author = await buildUser();
    const sub = await watch(client(), article.gid);
    const added = await addComment(author, article.gid, 'Hello **live**');
    const ev = (await sub.next()).commentEvents;
    expect(ev.kind).toBe('ADDED');
    expect(ev.comment).toMatchObject({ id: added.id, body: 'Hello **live**', status: 'PUBLISHED', viewerVote: null, viewerCanEdit: false, author: { handle: author.handle } });
    expect(ev.comment.bodyHtml).toContain('<strong>live</strong>');
  });

  it('authenticates with a bearer token in connection_init and with the session cookie on the upgrade', async () => {
    const article = await buildArticle();
    const author = await buildUser();
    const signIn = await fetch(`${app().url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: (await import('graphql')).print(SignInDocument), variables: { input: { login: author.handle, password: TEST_PASSWORD } } }),
    });
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0];
    expect(cookie).toMatch(/^atrium_session=/);
    const byToken = await watch(client({ as: author }), article.gid);
    const byCookie = await watch(client({ cookie }), article.gid);
    const anonymous = await watch(client(), article.gid);
    await addComment(author, article.gid, 'mine');
    expect((await byToken.next()).commentEvents.comment.viewerCanEdit).toBe(true);
    expect((await byCookie.next()).commentEvents.comment.viewerCanEdit).toBe(true);
    expect((await anonymous.next()).commentEvents.comment.viewerCanEdit).toBe(false);
  });

  it('closes with 4403 for a bearer token that is wrong or revoked', async () => {
    const c = client({ token: 'atr_not_a_real_token' });
    const closed = await c.closed;
    expect(closed.code).toBe(4403);
    expect(closed.reason).toMatch(/invalid, expired or revoked/);
  });

  it('sends a PENDING comment only to its author and staff; others get nothing', async () => {
    const article = await buildArticle();
    const newcomer = await buildUser();
    const other = await buildUser();
    const staff = await buildUser({ role: 'MODERATOR' });
    const anonymous = await watch(client(), article.gid);
    const member = await watch(client({ as: other }), article.gid);
    const author = await watch(client({ as: newcomer }), article.gid);
    const moderator = await watch(client({ as: staff }), article.gid);

    const pending = await addComment(newcomer, article.gid, 'Buy at https://spam.example');
    expect(pending.status).toBe('PENDING');
    const published = await addComment(other, article.gid, 'A plain answer');

    for (const s of [author, moderator]) {
      const ev = (await s.next()).commentEvents;
      expect(ev).toMatchObject({ kind: 'ADDED', comment: { id: pending.id, status: 'PENDING', body: 'Buy at https://spam.example' } });
      expect((await s.next()).commentEvents.comment.id).toBe(published.id);
    }
    // the later, visible comment comes first: the PENDING one was withheld
    for (const s of [anonymous, member]) {
      const ev = (await s.next()).commentEvents;
      expect(ev).toMatchObject({ kind: 'ADDED', comment: { id: published.id } });
    }
  });

  it('hiding sends REMOVED without the text to readers, UPDATED to the author and staff; unhiding sends ADDED', async () => {
    const article = await buildArticle();
    const writer = await buildUser();
    const staff = await buildUser({ role: 'MODERATOR' });
    const comment = await buildComment({ article, author: writer, body: 'Rude words here' });
    const anonymous = await watch(client(), article.gid);
    const member = await watch(client({ as: await buildUser() }), article.gid);
    const author = await watch(client({ as: writer }), article.gid);
    const moderator = await watch(client({ as: staff }), article.gid);

    await moderate(staff, comment.id, ['PUBLISHED'], 'HIDDEN', 'SPAM');
    for (const s of [anonymous, member]) {
      const ev = (await s.next()).commentEvents;
      expect(ev.kind).toBe('REMOVED');
      expect(ev.comment.id).toBe(comment.gid);
      expect(ev.comment.body).toBe('');
      expect(ev.comment.bodyHtml).toBe('');
      expect(ev.comment.author).toBeNull();
      expect(JSON.stringify(ev)).not.toContain('Rude');
    }
    for (const s of [author, moderator]) {
      const ev = (await s.next()).commentEvents;
      expect(ev).toMatchObject({ kind: 'UPDATED', comment: { id: comment.gid, status: 'HIDDEN', hideReason: 'SPAM', body: 'Rude words here' } });
    }

    await moderate(staff, comment.id, ['HIDDEN'], 'PUBLISHED');
    for (const s of [anonymous, member]) {
      expect((await s.next()).commentEvents).toMatchObject({ kind: 'ADDED', comment: { id: comment.gid, status: 'PUBLISHED', body: 'Rude words here' } });
    }
    for (const s of [author, moderator]) {
      expect((await s.next()).commentEvents).toMatchObject({ kind: 'UPDATED', comment: { status: 'PUBLISHED' } });
    }
  });

  it('approving a PENDING comment sends ADDED to readers who never saw it', async () => {
    const article = await buildArticle();
    const staff = await buildUser({ role: 'MODERATOR' });
    const comment = await buildComment({ article, status: 'PENDING', body: 'wait for it' });
    const anonymous = await watch(client(), article.gid);
    await moderate(staff, comment.id, ['PENDING'], 'PUBLISHED');
    expect((await anonymous.next()).commentEvents).toMatchObject({ kind: 'ADDED', comment: { id: comment.gid, body: 'wait for it' } });
  });

  it('UPDATED on edits and REMOVED on deletion; a deleted comment with replies stays a tombstone', async () => {
    const article = await buildArticle();
    const writer = await buildUser();
    const parent = await addComment(writer, article.gid, 'first text');
    await addComment(await buildUser(), article.gid, 'a reply', parent.id);
    const sub = await watch(client(), article.gid);
    await gql(UpdateCommentDocument, { input: { commentId: parent.id, body: 'second text' } }, { as: writer }).then((r) => r.expectData());
    expect((await sub.next()).commentEvents).toMatchObject({ kind: 'UPDATED', comment: { id: parent.id, body: 'second text' } });
    await gql(DeleteCommentDocument, { input: { commentId: parent.id } }, { as: writer }).then((r) => r.expectData());
    const ev = (await sub.next()).commentEvents;
    expect(ev).toMatchObject({ kind: 'REMOVED', comment: { id: parent.id, status: 'DELETED', body: '', author: null } });
  });

  it('VOTED carries each subscriber’s own viewerVote', async () => {
    const article = await buildArticle();
    const comment = await buildComment({ article });
    const voter = await buildUser();
    const bystander = await buildUser();
    const voterSub = await watch(client({ as: voter }), article.gid);
    const bystanderSub = await watch(client({ as: bystander }), article.gid);
    const anonymous = await watch(client(), article.gid);
    await gql(VoteCommentDocument, { input: { commentId: comment.gid, value: 'UP' } }, { as: voter }).then((r) => r.expectData());
    const mine = (await voterSub.next()).commentEvents;
    expect(mine).toMatchObject({ kind: 'VOTED', comment: { upvotes: 1, score: 1, viewerVote: 'UP' } });
    expect((await bystanderSub.next()).commentEvents).toMatchObject({ kind: 'VOTED', comment: { upvotes: 1, viewerVote: null } });
    expect((await anonymous.next()).commentEvents.comment.viewerVote).toBeNull();
    // the bystander votes too: each still sees their own vote
    await gql(VoteCommentDocument, { input: { commentId: comment.gid, value: 'DOWN' } }, { as: bystander }).then((r) => r.expectData());
    expect((await voterSub.next()).commentEvents.comment).toMatchObject({ upvotes: 1, downvotes: 1, viewerVote: 'UP' });
    expect((await bystanderSub.next()).commentEvents.comment).toMatchObject({ upvotes: 1, downvotes: 1, viewerVote: 'DOWN' });
  });

  it('ancestorId narrows the events to one comment’s subtree', async () => {
    const article = await buildArticle();
    const writer = await buildUser();
    const root = await addComment(writer, article.gid, 'root');
    const child = await addComment(writer, article.gid, 'child', root.id);
    const elsewhere = await addComment(writer, article.gid, 'elsewhere');
    const sub = await watch(client(), article.gid, root.id);
    await addComment(writer, article.gid, 'not in the subtree', elsewhere.id);
    const deep = await addComment(writer, article.gid, 'grandchild', child.id);
    // the grandchild comes first: the reply elsewhere was withheld
    expect((await sub.next()).commentEvents).toMatchObject({ kind: 'ADDED', comment: { id: deep.id, parent: { id: child.id } } });
  });

  it('answers NOT_FOUND for a draft article (members) and BAD_USER_INPUT for a malformed id', async () => {
    const draft = await buildArticle({ status: 'DRAFT' });
    const member = client({ as: await buildUser() });
    expect((await member.subscribe(CommentEventsDocument, { articleId: draft.gid }).errors())[0].extensions?.code).toBe('NOT_FOUND');
    expect((await member.subscribe(CommentEventsDocument, { articleId: 'nope' }).errors())[0].extensions?.code).toBe('BAD_USER_INPUT');
    const hiddenRoot = await buildComment({ article: await buildArticle(), status: 'HIDDEN' });
    const other = await buildArticle();
    expect((await member.subscribe(CommentEventsDocument, { articleId: other.gid, ancestorId: hiddenRoot.gid }).errors())[0].extensions?.code).toBe('NOT_FOUND');
    // staff may follow drafts
    const staff = client({ as: await buildUser({ role: 'AGENT' }) });
    const base = app().services.pubsub.subscriptions;
    staff.subscribe(CommentEventsDocument, { articleId: draft.gid });
    await subscribed(1, base);
  });
});

describe('Subscription.articleVotes', () => {
  it('sends the new counts with each subscriber’s own viewerVote', async () => {
    const article = await buildArticle();
    const voter = await buildUser();
    const base = app().services.pubsub.subscriptions;
    const mine = client({ as: voter }).subscribe(ArticleVotesDocument, { articleId: article.gid });
    const theirs = client().subscribe(ArticleVotesDocument, { articleId: article.gid });
    await subscribed(2, base);
    await gql(VoteArticleDocument, { input: { articleId: article.gid, helpful: true } }, { as: voter }).then((r) => r.expectData());
    expect((await mine.next()).articleVotes).toMatchObject({ id: article.gid, helpfulCount: 1, voteCount: 1, viewerVote: true });
    expect((await theirs.next()).articleVotes).toMatchObject({ helpfulCount: 1, voteCount: 1, viewerVote: null });
    await gql(VoteArticleDocument, { input: { articleId: article.gid, helpful: false, reason: 'UNCLEAR' } }, { as: voter }).then((r) => r.expectData());
    expect((await mine.next()).articleVotes).toMatchObject({ helpfulCount: 0, voteCount: 1, viewerVote: false });
  });
});
