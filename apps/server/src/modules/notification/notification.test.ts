import { describe, expect, it, vi } from 'vitest';
import {
  AddCommentDocument,
  ApproveCommentDocument,
  ArticlesFollowingDocument,
  FollowArticleDocument,
  HideCommentDocument,
  MarkNotificationsReadDocument,
  NotificationsDocument,
  RejectCommentDocument,
  UnfollowArticleDocument,
  UnhideCommentDocument,
  UserNotificationsDocument,
  ViewerNotificationsDocument,
  type ViewerNotificationsQuery,
} from '@atrium/schema';
import { buildArticle, buildComment, buildSection, buildUser, type Row, type TestUser } from '../../../test/factories.js';
import { app, gql, sql, useTestApp } from '../../../test/harness.js';
import { toGlobalId } from '../../graphql/global-id.js';
import { connect, subscribed, unsubscribedAll } from '../../../test/ws/ws-client.js';

useTestApp();

type NotificationNode = NonNullable<ViewerNotificationsQuery['viewer']>['notifications']['edges'][number]['node'];

/** Lets the outbox worker finish everything committed so far. */
const settle = () => app().services.notifications.outbox.drain();

const follow = (articleId: string, as: TestUser | null) => gql(FollowArticleDocument, { input: { articleId } }, { as });
const unfollow = (articleId: string, as: TestUser | null) => gql(UnfollowArticleDocument, { input: { articleId } }, { as });

async function comment(article: Row, as: TestUser, body = 'A useful remark.', parentId?: string) {
  return (await gql(AddCommentDocument, { input: { articleId: article.gid, body, parentId } }, { as })).expectData().addComment.comment;
}

async function inbox(as: TestUser, vars: { first?: number; after?: string; unreadOnly?: boolean } = {}) {
  const viewer = (await gql(ViewerNotificationsDocument, { first: 50, ...vars }, { as })).expectData().viewer!;
  return { unread: viewer.unreadNotificationCount, total: viewer.notifications.totalCount, nodes: viewer.notifications.edges.map((e) => e.node), conn: viewer.notifications };
}

/** Kinds per comment id, as the recipient reads them. */
async function kinds(as: TestUser): Promise<string[]> {
  return (await inbox(as)).nodes.map((n: NotificationNode) => `${n.kind}:${n.comment?.id ?? 'null'}`).sort();
}

const moderator = () => buildUser({ role: 'MODERATOR' });

describe('Mutation.followArticle / unfollowArticle', () => {
  it('follows and unfollows, idempotently; Article.viewerIsFollowing reflects it', async () => {
    const a = await buildArticle();
    const u = await buildUser();
    expect((await follow(a.gid, u)).expectData().followArticle.article.viewerIsFollowing).toBe(true);
    expect((await follow(a.gid, u)).expectData().followArticle.article.viewerIsFollowing).toBe(true);
    expect(await sql('select 1 from follows where user_id = $1 and article_id = $2', [u.id, a.id])).toHaveLength(1);
    expect((await unfollow(a.gid, u)).expectData().unfollowArticle.article.viewerIsFollowing).toBe(false);
    expect((await unfollow(a.gid, u)).expectData().unfollowArticle.article.viewerIsFollowing).toBe(false);
    expect(await sql('select 1 from follows where user_id = $1', [u.id])).toHaveLength(0);
  });

  it('refuses anonymous viewers, bad ids and articles the viewer cannot read', async () => {
    const draft = await buildArticle({ status: 'DRAFT' });
    const member = await buildUser();
    (await follow(draft.gid, null)).expectErrorCode('UNAUTHENTICATED');
    (await follow('nope', member)).expectErrorCode('BAD_USER_INPUT');
    (await follow(toGlobalId('Comment', crypto.randomUUID()), member)).expectErrorCode('BAD_USER_INPUT');
    (await follow(toGlobalId('Article', crypto.randomUUID()), member)).expectErrorCode('NOT_FOUND');
    (await follow(draft.gid, member)).expectErrorCode('NOT_FOUND');
    (await unfollow(draft.gid, member)).expectErrorCode('NOT_FOUND');
    expect((await follow(draft.gid, await buildUser({ role: 'AGENT' }))).expectData().followArticle.article.viewerIsFollowing).toBe(true);
  });

  it('commenting makes the author a follower, also while the comment is PENDING', async () => {
    const a = await buildArticle();
    const b = await buildArticle();
    const u = await buildUser();
    const pending = await comment(b, u, 'first post with a link https://example.com');
    expect(pending.status).toBe('PENDING');
    await comment(a, u);
    const res = (await gql(ArticlesFollowingDocument, { first: 100 }, { as: u })).expectData();
    const following = new Map(res.articles.nodes.map((n) => [n.id, n.viewerIsFollowing]));
    expect(following.get(a.gid)).toBe(true);
    expect(following.get(b.gid)).toBe(true);
  });

  it('viewerIsFollowing is batched: a page of 30 articles costs what a page of 3 does', async () => {
    const section = await buildSection();
    const u = await buildUser();
    const costs: number[] = [];
    for (const n of [3, 30]) {
      while ((await sql('select 1 from articles where section_id = $1', [section.id])).length < n) {
        const a = await buildArticle({ section });
        if (Math.random() < 0.5) await follow(a.gid, u);
      }
      const res = await gql(ArticlesFollowingDocument, { first: 100, sectionId: section.gid }, { as: u });
      expect(res.expectData().articles.nodes).toHaveLength(n);
      costs.push(res.sqlStatements);
    }
    expect(costs[1]).toBe(costs[0]);
    expect((await gql(ArticlesFollowingDocument, { first: 5, sectionId: section.gid })).expectData().articles.nodes.every((n) => !n.viewerIsFollowing)).toBe(true);
  });
});

describe('notification rules', () => {
  it('NEW_COMMENT to followers, REPLY to the parent author, nothing to the actor, one per recipient', async () => {
    const a = await buildArticle();
    const [follower, m1, m2] = await Promise.all([buildUser(), buildUser(), buildUser()]);
    await follow(a.gid, follower).then((r) => r.expectData());
    const c1 = await comment(a, m1, 'How do I export?');
    await settle();
    expect(await kinds(follower)).toEqual([`NEW_COMMENT:${c1.id}`]);
    expect(await kinds(m1)).toEqual([]);

    // m1 is now a follower (auto-follow) and the parent's author: one REPLY, not also NEW_COMMENT
    const r1 = await comment(a, m2, 'Same question here.', c1.id);
    await settle();
    expect(await kinds(m1)).toEqual([`REPLY:${r1.id}`]);
    expect(await kinds(follower)).toEqual([`NEW_COMMENT:${c1.id}`, `NEW_COMMENT:${r1.id}`].sort());
    expect(await kinds(m2)).toEqual([]);

    // replying to yourself notifies nobody about you
    const self = await comment(a, m1, 'Answering myself.', c1.id);
    await settle();
    expect((await kinds(m1)).filter((k) => k.endsWith(self.id))).toEqual([]);
    expect(await kinds(m2)).toEqual([`NEW_COMMENT:${self.id}`]);

    // the outbox replays nothing twice
    await sql('update notification_outbox set processed_at = null');
    await settle();
    expect(await kinds(follower)).toHaveLength(3);
    const [{ n }] = await sql<{ n: number }>('select count(*)::int as n from notifications where article_id = $1', [a.id]);
    expect(n).toBe(6);
  });

  it('OFFICIAL_ANSWER to the parent author, the thread starter and the followers', async () => {
    const a = await buildArticle();
    const [follower, asker, other, agent] = await Promise.all([buildUser(), buildUser(), buildUser(), buildUser({ role: 'AGENT' })]);
    await follow(a.gid, follower);
    const q = await comment(a, asker, 'Is SSO supported?');
    const r = await comment(a, other, 'I would like to know too.', q.id);
    await settle();
    const answer = await comment(a, agent, 'Yes: Settings → Security → SSO.', r.id);
    expect(answer.isOfficial).toBe(true);
    await settle();
    for (const u of [follower, asker, other]) expect((await kinds(u)).filter((k) => k.endsWith(answer.id))).toEqual([`OFFICIAL_ANSWER:${answer.id}`]);
    expect(await kinds(agent)).toEqual([]);
    const top = await comment(a, agent, 'Also see the SSO guide.');
    await settle();
    expect((await kinds(follower)).filter((k) => k.endsWith(top.id))).toEqual([`OFFICIAL_ANSWER:${top.id}`]);
  });

  it('a PENDING comment notifies nobody until approved; approval notifies followers and tells the author', async () => {
    const a = await buildArticle();
    const [follower, author, mod] = await Promise.all([buildUser(), buildUser(), moderator()]);
    await follow(a.gid, follower);
    await follow(a.gid, mod);
    const parent = await comment(a, follower, 'Anyone?');
    await settle();
    const pending = await comment(a, author, 'Try https://example.com/fix', parent.id);
    expect(pending.status).toBe('PENDING');
    await settle();
    expect(await kinds(follower)).toEqual([]);
    expect((await kinds(mod)).filter((k) => k.endsWith(pending.id))).toEqual([]);

    (await gql(ApproveCommentDocument, { input: { commentId: pending.id } }, { as: mod })).expectData();
    await settle();
    expect(await kinds(follower)).toEqual([`REPLY:${pending.id}`]);
    // the approving moderator is the actor: nothing for them, even as a follower
    expect((await kinds(mod)).filter((k) => k.endsWith(pending.id))).toEqual([]);
    const mine = (await inbox(author)).nodes;
    expect(mine.map((n) => [n.kind, n.moderationDecision, n.comment?.id])).toEqual([['MODERATION', 'APPROVED', pending.id]]);
  });

  it('a rejected comment tells its author and nobody else', async () => {
    const a = await buildArticle();
    const [follower, author, mod] = await Promise.all([buildUser(), buildUser(), moderator()]);
    await follow(a.gid, follower);
    const pending = await comment(a, author, 'Buy now https://spam.example');
    (await gql(RejectCommentDocument, { input: { commentId: pending.id } }, { as: mod })).expectData();
    await settle();
    expect(await kinds(follower)).toEqual([]);
    const mine = (await inbox(author)).nodes;
    expect(mine.map((n) => [n.kind, n.moderationDecision])).toEqual([['MODERATION', 'REJECTED']]);
    // the author may still see their own hidden comment through the notification
    expect(mine[0].comment).toMatchObject({ id: pending.id, status: 'HIDDEN' });
  });

  it('a comment hidden later reads as null in followers’ notifications; unhiding does not notify twice', async () => {
    const a = await buildArticle();
    const [follower, author, mod, agent] = await Promise.all([buildUser(), buildUser(), moderator(), buildUser({ role: 'AGENT' })]);
    await follow(a.gid, follower);
    await follow(a.gid, agent);
    const c = await comment(a, author, 'Something rude.');
    await settle();
    expect((await inbox(follower)).nodes[0].comment?.id).toBe(c.id);

    (await gql(HideCommentDocument, { input: { commentId: c.id, reason: 'ABUSE' } }, { as: mod })).expectData();
    await settle();
    const [n] = (await inbox(follower)).nodes;
    expect(n.kind).toBe('NEW_COMMENT');
    expect(n.comment).toBeNull();
    expect(n.article?.id).toBe(a.gid);
    // staff still see the hidden comment through the same notification
    expect((await inbox(agent)).nodes[0].comment).toMatchObject({ id: c.id, status: 'HIDDEN' });
    expect((await inbox(author)).nodes.map((x) => [x.kind, x.moderationDecision, x.comment?.status])).toEqual([['MODERATION', 'HIDDEN', 'HIDDEN']]);

    (await gql(UnhideCommentDocument, { input: { commentId: c.id } }, { as: mod })).expectData();
    await settle();
    expect((await inbox(follower)).nodes.map((x) => [x.kind, x.comment?.id])).toEqual([['NEW_COMMENT', c.id]]);
    expect((await inbox(author)).nodes.map((x) => x.moderationDecision)).toEqual(['UNHIDDEN', 'HIDDEN']);
  });

  it('visibility is checked when the worker runs: a comment hidden before fan-out notifies nobody', async () => {
    const a = await buildArticle();
    const [follower, author, mod, agent] = await Promise.all([buildUser(), buildUser(), moderator(), buildUser({ role: 'AGENT' })]);
    await follow(a.gid, follower);
    await follow(a.gid, agent);
    const outbox = app().services.notifications.outbox;
    await outbox.stop();
    try {
      const c = await comment(a, author, 'Quickly hidden.');
      (await gql(HideCommentDocument, { input: { commentId: c.id, reason: 'SPAM' } }, { as: mod })).expectData();
      expect(await app().services.notifications.backlog()).toBe(2);
      await settle();
      expect(await kinds(follower)).toEqual([]);
      expect(await kinds(agent)).toEqual([]);
      expect((await inbox(author)).nodes.map((x) => [x.kind, x.moderationDecision])).toEqual([['MODERATION', 'HIDDEN']]);
    } finally {
      outbox.start();
    }
  });

  it('a follower who may not read the article (archived before fan-out) gets nothing; staff do', async () => {
    const a = await buildArticle();
    const [follower, author, agent] = await Promise.all([buildUser(), buildUser(), buildUser({ role: 'AGENT' })]);
    await follow(a.gid, follower);
    await follow(a.gid, agent);
    const outbox = app().services.notifications.outbox;
    await outbox.stop();
    try {
      const c = await comment(a, author);
      await sql(`update articles set status = 'ARCHIVED' where id = $1`, [a.id]);
      await settle();
      expect(await kinds(follower)).toEqual([]);
      expect(await kinds(agent)).toEqual([`NEW_COMMENT:${c.id}`]);
    } finally {
      outbox.start();
    }
  });
});

describe('User.notifications, unreadNotificationCount, markNotificationsRead', () => {
  async function withNotifications(count: number) {
    const a = await buildArticle();
    const [reader, writer] = await Promise.all([buildUser(), buildUser()]);
    await follow(a.gid, reader);
    for (let i = 0; i < count; i++) await comment(a, writer, `Comment number ${i}`);
    await settle();
    return { a, reader, writer };
  }

  it('pages newest first with cursors; unreadOnly; totalCount', async () => {
    const { reader } = await withNotifications(5);
    const all = await inbox(reader);
    expect(all.total).toBe(5);
    expect(all.unread).toBe(5);
    expect(all.nodes.map((n) => n.comment?.body)).toEqual([4, 3, 2, 1, 0].map((i) => `Comment number ${i}`));
    const p1 = await inbox(reader, { first: 2 });
    const p2 = await inbox(reader, { first: 2, after: p1.conn.pageInfo.endCursor! });
    const p3 = await inbox(reader, { first: 2, after: p2.conn.pageInfo.endCursor! });
    expect([...p1.nodes, ...p2.nodes, ...p3.nodes].map((n) => n.id)).toEqual(all.nodes.map((n) => n.id));
    expect(p3.conn.pageInfo.hasNextPage).toBe(false);

    (await gql(MarkNotificationsReadDocument, { input: { ids: [all.nodes[0].id, all.nodes[2].id] } }, { as: reader })).expectData();
    const unread = await inbox(reader, { unreadOnly: true });
    expect(unread.total).toBe(3);
    expect(unread.unread).toBe(3);
    expect(unread.nodes.map((n) => n.id)).toEqual([all.nodes[1].id, all.nodes[3].id, all.nodes[4].id]);
    // a cursor of one list is not a cursor of the other
    (await gql(ViewerNotificationsDocument, { first: 2, after: p1.conn.pageInfo.endCursor!, unreadOnly: true }, { as: reader })).expectErrorCode('BAD_USER_INPUT');
    (await gql(ViewerNotificationsDocument, { first: 101 }, { as: reader })).expectErrorCode('BAD_USER_INPUT');
  });

  it('are the viewer’s alone: empty and 0 for anyone else', async () => {
    const { reader, writer } = await withNotifications(2);
    for (const as of [null, writer, await moderator(), await buildUser({ role: 'ADMIN' })]) {
      const node = (await gql(UserNotificationsDocument, { id: reader.gid }, { as })).expectData().node;
      expect(node).toMatchObject({ unreadNotificationCount: 0, notifications: { totalCount: 0, nodes: [] } });
    }
    const own = (await gql(UserNotificationsDocument, { id: reader.gid }, { as: reader })).expectData().node;
    expect(own).toMatchObject({ unreadNotificationCount: 2, notifications: { totalCount: 2 } });
  });

  it('markNotificationsRead: by ids, all, and never someone else’s', async () => {
    const { reader, writer } = await withNotifications(3);
    const { nodes } = await inbox(reader);
    const mark = (ids: string[] | undefined, as: TestUser | null) => gql(MarkNotificationsReadDocument, { input: { ids } }, { as });

    (await mark([nodes[0].id], null)).expectErrorCode('UNAUTHENTICATED');
    (await mark(['garbage'], reader)).expectErrorCode('BAD_USER_INPUT');
    (await mark([toGlobalId('Comment', crypto.randomUUID())], reader)).expectErrorCode('BAD_USER_INPUT');
    (await mark([nodes[0].id], writer)).expectErrorCode('NOT_FOUND');
    // one foreign id spoils the batch: nothing is marked
    (await mark([nodes[1].id, toGlobalId('Notification', crypto.randomUUID())], reader)).expectErrorCode('NOT_FOUND');
    expect((await inbox(reader)).unread).toBe(3);

    const one = (await mark([nodes[1].id, nodes[1].id], reader)).expectData().markNotificationsRead;
    expect(one.unreadCount).toBe(2);
    expect(one.notifications?.map((n) => [n.id, n.read])).toEqual([[nodes[1].id, true], [nodes[1].id, true]]);
    const readAt = one.notifications![0].readAt;
    // marking again keeps the first read time
    expect((await mark([nodes[1].id], reader)).expectData().markNotificationsRead.notifications![0].readAt).toBe(readAt);

    const all = (await mark(undefined, reader)).expectData().markNotificationsRead;
    expect(all).toEqual({ unreadCount: 0, notifications: null });
    expect((await inbox(reader)).nodes.every((n) => n.read)).toBe(true);
    expect((await mark([], reader)).expectData().markNotificationsRead).toEqual({ unreadCount: 0, notifications: [] });
  });
});

describe('the outbox worker', () => {
  it('runs right after the commit (nudge), not only on its poll', async () => {
    const outbox = app().services.notifications.outbox;
    await outbox.stop();
    outbox.start({ pollMs: 60_000 });
    try {
      const a = await buildArticle();
      const [reader, writer] = await Promise.all([buildUser(), buildUser()]);
      await follow(a.gid, reader);
      const c = await comment(a, writer);
      await vi.waitFor(async () => expect(await kinds(reader)).toEqual([`NEW_COMMENT:${c.id}`]), { timeout: 5000, interval: 25 });
    } finally {
      await outbox.stop();
      outbox.start();
    }
  });

  it('the comment request does not wait for the fan-out', async () => {
    const a = await buildArticle();
    const writer = await buildUser();
    const many = await Promise.all(Array.from({ length: 300 }, () => buildUser()));
    await sql('insert into follows (user_id, article_id) select unnest($1::uuid[]), $2', [many.map((u) => u.id), a.id]);
    const res = await gql(AddCommentDocument, { input: { articleId: a.gid, body: 'Hello followers' } }, { as: writer });
    res.expectData();
    // the request wrote the comment, the follow and one outbox row; the notifications come later
    expect(res.sqlStatements).toBeLessThan(25);
    await settle();
    const [{ n }] = await sql<{ n: number }>('select count(*)::int as n from notifications where article_id = $1', [a.id]);
    expect(n).toBe(300);
  });

  it('retries a failing event with backoff without holding up the others; skips unknown events', async () => {
    const a = await buildArticle();
    const [reader, writer] = await Promise.all([buildUser(), buildUser()]);
    await follow(a.gid, reader);
    const outbox = app().services.notifications.outbox;
    await outbox.stop();
    try {
      const c = await comment(a, writer);
      const other = await buildComment({ article: a });
      // an actor that does not exist breaks the notifications' foreign key: this event fails
      await sql(`insert into notification_outbox (event) values ($1), ($2)`, [
        JSON.stringify({ type: 'COMMENT_PUBLISHED', commentId: other.id, articleId: a.id, actorId: crypto.randomUUID() }),
        JSON.stringify({ type: 'SOMETHING_NEW', x: 1 }),
      ]);
      await settle();
      const rows = await sql<{ attempts: number; processed: boolean; error: string | null; later: boolean }>(
        `select attempts, processed_at is not null as processed, last_error as error, locked_until > now() as later from notification_outbox order by id desc limit 3`,
      );
      expect(rows[0]).toMatchObject({ attempts: 1, processed: true }); // unknown: skipped
      expect(rows[1]).toMatchObject({ attempts: 1, processed: false, later: true });
      expect(rows[1].error).toBeTruthy();
      expect(rows[2]).toMatchObject({ processed: true }); // the real comment went through
      expect(await kinds(reader)).toEqual([`NEW_COMMENT:${c.id}`]);
    } finally {
      await sql(`update notification_outbox set processed_at = now() where processed_at is null`);
      outbox.start();
    }
  });
});

describe('Subscription.notifications', () => {
  it('sends the signed-in viewer their own new notifications, and nobody else’s', async () => {
    const a = await buildArticle();
    const [reader, other, writer] = await Promise.all([buildUser(), buildUser(), buildUser()]);
    const c = connect({ as: reader });
    try {
      const base = app().services.pubsub.subscriptions;
      const sub = c.subscribe(NotificationsDocument, {});
      await subscribed(1, base);
      // first a notification for someone else, then one for the reader: the reader's comes first
      await follow(a.gid, other);
      const theirs = await comment(a, writer, 'Only for followers.');
      await settle();
      expect(await kinds(other)).toEqual([`NEW_COMMENT:${theirs.id}`]);
      await follow(a.gid, reader);
      const reply = await comment(a, writer, 'Replying to you.', theirs.id);
      const first = (await sub.next()).notifications;
      expect(first).toMatchObject({ kind: 'NEW_COMMENT', read: false, comment: { id: reply.id, body: 'Replying to you.' }, article: { id: a.gid } });
      expect(sub.queued).toBe(0);
      const [mine] = (await inbox(reader)).nodes;
      expect(mine.id).toBe(first.id);
    } finally {
      await c.dispose();
      await unsubscribedAll();
    }
  });

  it('refuses anonymous subscribers with UNAUTHENTICATED', async () => {
    const c = connect();
    try {
      const errors = await c.subscribe(NotificationsDocument, {}).errors();
      expect(errors[0].extensions?.code).toBe('UNAUTHENTICATED');
    } finally {
      await c.dispose();
    }
  });
});
