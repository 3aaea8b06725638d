import { AddCommentDocument, ApproveCommentDocument, ChangesDocument, CreateWebhookEndpointDocument, HideCommentDocument, UpdateCommentDocument } from '@atrium/schema';
import { Webhook } from 'standardwebhooks';
import { beforeAll, describe, expect, it } from 'vitest';
import { toGlobalId } from '../../graphql/global-id.js';
import { buildArticle, buildSection, buildUser, type TestUser } from '../../../test/factories.js';
import { app, gql, sql, useTestApp } from '../../../test/harness.js';
import { useWebhookReceiver } from '../../../test/webhook-receiver.js';

/**
 * Webhooks and the change feed on the event log: real writes (addComment, hideComment, …)
 * record domain events in their transactions; the webhook consumer turns them into deliveries
 * and the change feed pages through them.
 */
const receiver = useWebhookReceiver();
useTestApp({ webhookAllowPrivate: true });
const onPostgres = !!process.env.DATABASE_URL;

let admin: TestUser;
let moderator: TestUser;
let secret: string;
beforeAll(async () => {
  await app().services.webhooks.stop();
  app().services.webhooks.start({ pollMs: 100 });
  admin = await buildUser({ role: 'ADMIN' });
  moderator = await buildUser({ role: 'MODERATOR' });
  const created = (
    await gql(CreateWebhookEndpointDocument, { input: { url: `${receiver().url}/all`, events: ['COMMENT_PUBLISHED', 'COMMENT_EDITED', 'COMMENT_REMOVED', 'ARTICLE_UPDATED'] } }, { as: admin })
  ).expectData().createWebhookEndpoint;
  secret = created.secret;
});

type Body = { type: string; timestamp: string; data: { comment?: Record<string, unknown>; article?: Record<string, unknown> } };
const bodies = () => receiver().for('/all').map((r) => ({ id: String(r.headers['webhook-id']), ...(JSON.parse(r.body) as Body) }));
const about = (commentGid: string) => bodies().filter((b) => b.data.comment?.id === commentGid);

async function comment(article: { gid: string }, as: TestUser, body: string) {
  return (await gql(AddCommentDocument, { input: { articleId: article.gid, body } }, { as })).expectData().addComment.comment;
}

describe('webhooks from the event log', () => {
  it('a published comment arrives once as comment.published, signed, with what an anonymous reader sees and no email', async () => {
    const article = await buildArticle({ status: 'PUBLISHED' });
    const member = await buildUser();
    const c = await comment(article, member, 'Hello **webhooks**');
    await receiver().waitFor(() => about(c.id).length === 1);
    const [got] = receiver().for('/all').filter((r) => r.body.includes(c.id));
    const payload = new Webhook(secret).verify(got.body, Object.fromEntries(Object.entries(got.headers).map(([k, v]) => [k, String(v)]))) as Body;
    expect(payload.type).toBe('comment.published');
    expect(payload.data.comment).toMatchObject({ id: c.id, articleId: article.gid, bodyHtml: expect.stringContaining('<strong>webhooks</strong>'), author: { handle: member.handle } });
    expect(got.body).not.toContain(member.email);
    expect(got.body).not.toContain('@test.example');
    // the webhook-id is the domain event's stable id
    const [event] = await sql<{ id: string }>(
      `select e.id::text from domain_events e join comments c on c.id::text = e.payload->>'commentId' where e.type = 'comment.created' and c.body = 'Hello **webhooks**'`,
    );
    expect(got.headers['webhook-id']).toBe(`evt_${event.id}`);
  });

  it('a PENDING comment sends nothing (no text leaks); approved, it arrives; hidden, only its ids go out as comment.removed', async () => {
    const article = await buildArticle({ status: 'PUBLISHED' });
    const member = await buildUser();
    const pending = await comment(article, member, 'secret pending text https://spam.example/x');
    expect(pending.status).toBe('PENDING');
    // a later published comment arrives first: the pending one was withheld, not late
    const marker = await comment(article, await buildUser(), 'marker after pending');
    await receiver().waitFor(() => about(marker.id).length === 1);
    expect(about(pending.id)).toEqual([]);
    expect(receiver().for('/all').some((r) => r.body.includes('secret pending text'))).toBe(false);
    (await gql(ApproveCommentDocument, { input: { commentId: pending.id } }, { as: moderator })).expectData();
    await receiver().waitFor(() => about(pending.id).length === 1);
    expect(about(pending.id)[0].type).toBe('comment.published');
    (await gql(UpdateCommentDocument, { input: { commentId: pending.id, body: 'edited text https://spam.example/x' } }, { as: member })).expectData();
    await receiver().waitFor(() => about(pending.id).length === 2);
    expect(about(pending.id)[1]).toMatchObject({ type: 'comment.edited' });
    (await gql(HideCommentDocument, { input: { commentId: pending.id, reason: 'SPAM' } }, { as: moderator })).expectData();
    await receiver().waitFor(() => about(pending.id).length === 3);
    const removed = about(pending.id)[2];
    expect(removed.type).toBe('comment.removed');
    expect(removed.data.comment).toEqual({ id: pending.id, articleId: article.gid });
  });

  it('changes on a draft article send nothing', async () => {
    const draft = await buildArticle({ status: 'DRAFT' });
    const before = receiver().for('/all').length;
    // an agent edits the draft (article.updated is recorded); a published comment elsewhere arrives, the draft's update not
    const agent = await buildUser({ role: 'AGENT' });
    const { UpdateArticleDocument } = await import('@atrium/schema');
    (await gql(UpdateArticleDocument, { input: { articleId: draft.gid, title: 'Still a draft' } }, { as: agent })).expectData();
    const marker = await comment(await buildArticle({ status: 'PUBLISHED' }), await buildUser(), 'marker after draft');
    await receiver().waitFor(() => about(marker.id).length === 1);
    expect(bodies().slice(before).filter((b) => b.data.article?.id === draft.gid)).toEqual([]);
  });
});

/**
 * A page of the feed once it holds `count` changes: a change that committed is readable once
 * no older transaction is still open (the log holds later events back until then; the answer
 * says so with hasNextPage), so a reader right after a write asks again.
 */
async function changesOnce(vars: Record<string, unknown>, count: number, as?: TestUser) {
  let page: Awaited<ReturnType<typeof read>> | undefined;
  const read = async () => (await gql(ChangesDocument, vars as never, { as })).expectData().changes;
  await expect.poll(async () => (page = await read()).edges.length, { timeout: 15_000 }).toBeGreaterThanOrEqual(count);
  return page!;
}

describe('the change feed', () => {
  it('anonymous readers page through public changes in commit order; pending text never appears; staff also see it once visible to them', async () => {
    const head = (await gql(ChangesDocument, { first: 100 })).expectData().changes;
    let after = head.pageInfo.endCursor;
    // drain to the end first
    for (let more = head.pageInfo.hasNextPage; more; ) {
      const page = (await gql(ChangesDocument, { first: 100, after })).expectData().changes;
      after = page.pageInfo.endCursor;
      more = page.pageInfo.hasNextPage;
    }
    const section = await buildSection();
    const article = await buildArticle({ status: 'PUBLISHED', section });
    const a = await comment(article, await buildUser(), 'first public');
    const pending = await comment(article, await buildUser(), 'pending https://spam.example/y');
    const b = await comment(article, await buildUser(), 'second public');
    const page = await changesOnce({ first: 10, after }, 2);
    expect(page.edges.map((e) => [e.node.type, e.node.commentId])).toEqual([
      ['COMMENT_PUBLISHED', a.id],
      ['COMMENT_PUBLISHED', b.id],
    ]);
    expect(page.edges[0].node).toMatchObject({ articleId: article.gid, sectionId: section.gid, comment: { id: a.id, body: 'first public' } });
    expect(JSON.stringify(page)).not.toContain('spam.example');
    // the cursor of an edge continues after it
    const rest = (await gql(ChangesDocument, { first: 10, after: page.edges[0].cursor })).expectData().changes;
    expect(rest.edges.map((e) => e.node.commentId)).toEqual([b.id]);
    // filters: by type and by section
    const other = await buildArticle({ status: 'PUBLISHED' });
    const c = await comment(other, await buildUser(), 'other section');
    const all = await changesOnce({ first: 10, after }, 3);
    expect(all.edges.map((e) => e.node.commentId)).toEqual([a.id, b.id, c.id]);
    const inSection = (await gql(ChangesDocument, { first: 10, after, sectionId: section.gid })).expectData().changes;
    expect(inSection.edges.map((e) => e.node.commentId)).toEqual([a.id, b.id]);
    const removedOnly = (await gql(ChangesDocument, { first: 10, after, types: ['COMMENT_REMOVED'] })).expectData().changes;
    expect(removedOnly.edges).toEqual([]);
    expect(removedOnly.pageInfo.endCursor).toBeTruthy();
    // a pending comment is not a public change, for staff either (its approval will be one)
    const staff = (await gql(ChangesDocument, { first: 10, after }, { as: moderator })).expectData().changes;
    expect(staff.edges.map((e) => e.node.commentId)).toEqual([a.id, b.id, c.id]);
    (await gql(ApproveCommentDocument, { input: { commentId: pending.id } }, { as: moderator })).expectData();
    (await gql(HideCommentDocument, { input: { commentId: a.id, reason: 'SPAM' } }, { as: moderator })).expectData();
    const later = await changesOnce({ first: 10, after: all.pageInfo.endCursor }, 2);
    expect(later.edges.map((e) => [e.node.type, e.node.commentId, e.node.comment?.id ?? null])).toEqual([
      ['COMMENT_PUBLISHED', pending.id, pending.id],
      ['COMMENT_REMOVED', a.id, null],
    ]);
    // the earlier item of the now hidden comment: anonymous readers no longer get it; staff do, with the hidden text
    const again = (await gql(ChangesDocument, { first: 10, after })).expectData().changes;
    expect(again.edges.filter((e) => e.node.commentId === a.id).map((e) => e.node.type)).toEqual(['COMMENT_REMOVED']);
    const againStaff = (await gql(ChangesDocument, { first: 10, after }, { as: moderator })).expectData().changes;
    expect(againStaff.edges.find((e) => e.node.commentId === a.id && e.node.type === 'COMMENT_PUBLISHED')?.node.comment).toMatchObject({ status: 'HIDDEN', body: 'first public' });
  });

  it('bad arguments are BAD_USER_INPUT', async () => {
    for (const vars of [{ first: 0 }, { first: 101 }, { after: 'garbage' }, { after: Buffer.from('changes:1.x').toString('base64url') }, { after: 'x'.repeat(5000) }, { after: 'a\u0000b' }, { sectionId: toGlobalId('Comment', '00000000-0000-4000-8000-000000000000') }]) {
      (await gql(ChangesDocument, vars as never)).expectErrorCode('BAD_USER_INPUT');
    }
  });

  it.skipIf(!onPostgres)('a poller never misses or repeats a change while 8 writers commit concurrently (PostgreSQL)', async () => {
    const article = await buildArticle({ status: 'PUBLISHED' });
    const writers = await Promise.all(Array.from({ length: 8 }, () => buildUser()));
    let after = (await gql(ChangesDocument, { first: 1 })).expectData().changes.pageInfo.endCursor;
    for (let more = true; more; ) {
      const page = (await gql(ChangesDocument, { first: 100, after })).expectData().changes;
      after = page.pageInfo.endCursor;
      more = page.pageInfo.hasNextPage;
    }
    const PER_WRITER = 15;
    const written: string[] = [];
    let writing = true;
    const seen: string[] = [];
    const poller = (async () => {
      for (let last = false; !last; ) {
        last = !writing;
        const page = (await gql(ChangesDocument, { first: 7, after, types: ['COMMENT_PUBLISHED'] })).expectData().changes;
        seen.push(...page.edges.map((e) => e.node.commentId!));
        after = page.pageInfo.endCursor;
        if (page.pageInfo.hasNextPage) last = false;
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    await Promise.all(
      writers.map(async (w, i) => {
        for (let k = 0; k < PER_WRITER; k++) written.push((await comment(article, w, `w${i} c${k}`)).id);
      }),
    );
    writing = false;
    await poller;
    expect(seen.length).toBe(new Set(seen).size);
    expect([...seen].sort()).toEqual([...written].sort());
  });
});
