import { AddCommentDocument, FlagCommentDocument, HideCommentDocument, ModerationQueueEventsDocument } from '@atrium/schema';
import { afterEach, describe, expect, it } from 'vitest';
import { buildArticle, buildComment, buildUser } from '../factories.js';
import { app, gql, useTestApp } from '../harness.js';
import { connect, subscribed, unsubscribedAll, type TestClient } from './ws-client.js';

useTestApp();

const open: TestClient[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.dispose()));
  await unsubscribedAll();
});

describe('Subscription.moderationQueue', () => {
  it.each([
    ['anonymous', 'UNAUTHENTICATED', null],
    ['a member', 'FORBIDDEN', 'MEMBER'],
    ['an agent', 'FORBIDDEN', 'AGENT'],
  ] as const)('answers %s with %s, not silence', async (_who, code, role) => {
    const c = connect({ as: role ? await buildUser({ role }) : null });
    open.push(c);
    const errors = await c.subscribe(ModerationQueueEventsDocument, {}).errors();
    expect(errors[0]?.extensions?.code).toBe(code);
  });

  it('tells moderators about flags, pending comments and resolutions as they happen', async () => {
    const mod = await buildUser({ role: 'MODERATOR' });
    const c = connect({ as: mod });
    open.push(c);
    const base = app().services.pubsub.subscriptions;
    const sub = c.subscribe(ModerationQueueEventsDocument, {});
    await subscribed(3, base);

    const comment = await buildComment();
    (await gql(FlagCommentDocument, { input: { commentId: comment.gid, reason: 'ABUSE' } }, { as: await buildUser() })).expectData();
    const flagged = (await sub.next()).moderationQueue;
    expect(flagged).toMatchObject({ kind: 'ADDED', item: { flagCount: 1, reasons: ['ABUSE'], pending: false, comment: { id: comment.gid } } });

    const article = await buildArticle();
    const pending = (await gql(AddCommentDocument, { input: { articleId: article.gid, body: 'visit https://spam.example' } }, { as: await buildUser() })).expectData().addComment.comment;
    const held = (await sub.next()).moderationQueue;
    expect(held).toMatchObject({ kind: 'ADDED', item: { pending: true, comment: { id: pending.id, status: 'PENDING' } } });

    (await gql(HideCommentDocument, { input: { commentId: comment.gid, reason: 'ABUSE' } }, { as: mod })).expectData();
    const resolved = (await sub.next()).moderationQueue;
    expect(resolved).toMatchObject({ kind: 'RESOLVED', item: { flagCount: 0, comment: { id: comment.gid, status: 'HIDDEN' } } });
  });
});
