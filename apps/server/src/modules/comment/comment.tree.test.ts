import { parse, type DocumentNode } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildArticle, buildComment, buildUser, recountComments, type Row, type TestUser } from '../../../test/factories.js';
import { gql, sql, useTestApp } from '../../../test/harness.js';

useTestApp();

/**
 * The article page reads its comment tree in one statement, with only the columns its fields
 * read (comment.tree.ts). These tests hold it to the other paths: every Comment field of every
 * comment in the tree must equal what `comment(id)` (a full row from the loader) answers, and
 * every replies page must equal what `comment(id) { replies }` (the batched loader) answers,
 * for each kind of viewer.
 */

type Json = Record<string, any>;
const doc = (text: string) => parse(text) as DocumentNode as TypedDocumentNode<Json, Json>;

const FIELDS = `id depth status hideReason isOfficial score upvotes downvotes createdAt editedAt body bodyHtml viewerVote replyCount
  viewerCanEdit viewerCanDelete viewerCanModerate __typename
  isAcceptedAnswer acceptedAt removedBy viewerCanMarkAnswer acceptedBy { id handle } acceptedAnswer { id body author { handle } }
  author { id handle displayName role status isStaff createdAt email suspendedUntil }
  article { id } parent { id }`;
const CONN = 'totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }';

const PAGE = doc(`query TreePage($slug: String!, $order: CommentOrder) {
  article(slug: $slug) {
    comments(first: 4, orderBy: $order) { ${CONN}
      edges { cursor node { ...F replies(first: 2) { ${CONN} nodes { ...F replies(first: 2) { ${CONN} nodes { ...F } } } } } } }
  }
}
fragment F on Comment { ${FIELDS} }`);

const ONE = doc(`query One($id: ID!) { comment(id: $id) { ${FIELDS} } }`);
const REPLIES = doc(`query Replies($id: ID!) { comment(id: $id) { replies(first: 2) { ${CONN.replace(' startCursor endCursor', '')} nodes { id } } } }`);
const NEXT = doc(`query Next($slug: String!, $after: String!) { article(slug: $slug) { comments(first: 4, after: $after, orderBy: TOP) { nodes { id } } } }`);

let article: Row & { slug: string };
let alice: TestUser;
let bob: TestUser;
let mod: TestUser;

beforeAll(async () => {
  alice = await buildUser();
  bob = await buildUser();
  mod = await buildUser({ role: 'MODERATOR' });
  article = await buildArticle();
  const t = (min: number) => new Date(Date.UTC(2026, 0, 1, 0, min));
  const c1 = await buildComment({ article, author: bob, upvotes: 5, createdAt: t(1) });
  await buildComment({ article, author: alice, status: 'PENDING', createdAt: t(2) });
  await buildComment({ article, author: alice, status: 'HIDDEN', upvotes: 9, createdAt: t(3) });
  const gone = await buildComment({ article, author: bob, createdAt: t(4), upvotes: 1 });
  await buildComment({ article, author: alice, createdAt: t(5), downvotes: 2 });
  await buildComment({ article, author: mod, createdAt: t(6), upvotes: 2 });
  const r1 = await buildComment({ parent: c1, author: alice, createdAt: t(10) });
  await buildComment({ parent: c1, author: alice, status: 'PENDING', createdAt: t(11) });
  await buildComment({ parent: c1, author: mod, createdAt: t(12) });
  await buildComment({ parent: c1, author: bob, createdAt: t(13) });
  await buildComment({ parent: r1, author: bob, createdAt: t(20) });
  await buildComment({ parent: r1, author: alice, status: 'HIDDEN', createdAt: t(21) });
  await buildComment({ parent: r1, author: mod, createdAt: t(22) });
  await buildComment({ parent: gone, author: alice, createdAt: t(30) });
  // a hidden reply that keeps a visible reply is a placeholder for others; an accepted answer (issue #18)
  const shady = await buildComment({ parent: c1, author: await buildUser(), status: 'HIDDEN', createdAt: t(9) });
  await buildComment({ parent: shady, author: alice, createdAt: t(40) });
  await sql(`update comments set tombstone = true where id = $1`, [shady.id]);
  await sql(`update comments set accepted_by = $2, accepted_at = now() where id = $1`, [r1.id, mod.id]);
  await sql(`update comments set accepted_answer_id = $2 where id = $1`, [c1.id, r1.id]);
  await sql(`update comments set removed_by = 'MODERATOR' where id = $1`, [gone.id]);
  // a deleted comment with a reply stays as a tombstone; an edited one has editedAt
  await sql(`update comments set status = 'DELETED', tombstone = true, deleted_at = now() where id = $1`, [gone.id]);
  await sql(`update comments set edited_at = now(), is_official = true where id = $1`, [r1.id]);
  await sql(`update comments set hide_reason = 'SPAM' where status = 'HIDDEN' and article_id = $1`, [article.id]);
  await recountComments(article.id);
});

function* walk(conn: Json): Generator<Json> {
  for (const e of conn.edges ?? conn.nodes.map((node: Json) => ({ node }))) {
    yield e.node;
    if (e.node.replies) yield* walk(e.node.replies);
  }
}

const viewers = () => [
  ['anonymous', null],
  ['a member with pending and hidden comments', alice],
  ['another member', bob],
  ['a moderator', mod],
] as const;

describe('the article page comment tree', () => {
  it.each(['TOP', 'BEST', 'NEW', 'OLD'])('answers every field as the single-comment path does, for every viewer (%s)', async (order) => {
    for (const [who, as] of viewers()) {
      const page = (await gql(PAGE, { slug: article.slug, order }, { as })).expectData().article!.comments;
      const all = [...walk(page)];
      expect(all.length, who).toBeGreaterThan(4);
      for (const c of all) {
        const { replies, ...fields } = c;
        const one = (await gql(ONE, { id: c.id }, { as })).expectData().comment;
        expect(fields, `${who}: comment ${c.id}`).toEqual(one);
        if (replies) {
          const direct = (await gql(REPLIES, { id: c.id }, { as })).expectData().comment!.replies;
          expect(
            { totalCount: replies.totalCount, hasNextPage: replies.pageInfo.hasNextPage, hasPreviousPage: replies.pageInfo.hasPreviousPage, ids: replies.nodes.map((n: Json) => n.id) },
            `${who}: replies of ${c.id}`,
          ).toEqual({ totalCount: direct.totalCount, hasNextPage: direct.pageInfo.hasNextPage, hasPreviousPage: direct.pageInfo.hasPreviousPage, ids: direct.nodes.map((n: Json) => n.id) });
        }
      }
    }
  });

  it('shows members their own pending and hidden comments and nobody else', async () => {
    const ids = async (as: TestUser | null) =>
      [...walk((await gql(PAGE, { slug: article.slug, order: 'OLD' }, { as })).expectData().article!.comments)].map((c) => c.status as string);
    expect(await ids(null)).not.toContain('PENDING');
    // others see a hidden comment only as the placeholder that keeps its visible reply
    const hiddenForBob = [...walk((await gql(PAGE, { slug: article.slug, order: 'OLD' }, { as: bob })).expectData().article!.comments)].filter((c) => c.status === 'HIDDEN');
    expect(hiddenForBob.map((c) => [c.body, c.author, c.removedBy, c.replyCount])).toEqual([['', null, 'MODERATOR', 1]]);
    expect(await ids(alice)).toEqual(expect.arrayContaining(['PENDING', 'HIDDEN']));
    expect(await ids(mod)).toEqual(expect.arrayContaining(['PENDING', 'HIDDEN', 'DELETED']));
  });

  it('gives cursors that continue the list without repeats', async () => {
    // a moderator sees all six top-level comments: four on the first page, two after it
    const first = (await gql(PAGE, { slug: article.slug, order: 'TOP' }, { as: mod })).expectData().article!.comments;
    expect(first.pageInfo.hasNextPage).toBe(true);
    expect(first.edges.at(-1).cursor).toBe(first.pageInfo.endCursor);
    const next = (await gql(NEXT, { slug: article.slug, after: first.pageInfo.endCursor }, { as: mod })).expectData().article!.comments.nodes;
    const seen = new Set(first.edges.map((e: Json) => e.node.id));
    expect(next).toHaveLength(2);
    for (const n of next) expect(seen.has(n.id)).toBe(false);
  });

  it('reads ahead only what it can: replies with mixed arguments still answer correctly', async () => {
    const mixed = doc(`query Mixed($slug: String!) { article(slug: $slug) { comments(first: 10, orderBy: OLD) { nodes { id
      a: replies(first: 1) { totalCount nodes { id } } b: replies(first: 3, orderBy: NEW) { nodes { id body } } } } } }`);
    const res = await gql(mixed, { slug: article.slug }, { as: mod });
    const nodes = res.expectData().article!.comments.nodes;
    const withReplies = nodes.find((n: Json) => n.b.nodes.length >= 3)!;
    expect(withReplies.a.nodes).toHaveLength(1);
    expect(withReplies.a.totalCount).toBeGreaterThanOrEqual(3);
    const direct = (await gql(doc(`query D($id: ID!) { comment(id: $id) { replies(first: 3, orderBy: NEW) { nodes { id } } } }`), { id: withReplies.id }, { as: mod }))
      .expectData().comment!.replies.nodes.map((n: Json) => n.id);
    expect(withReplies.b.nodes.map((n: Json) => n.id)).toEqual(direct);
  });
});

describe("the tree's top-level totalCount", () => {
  // `first` pages are answered by the tree statement with the article's counters, `last`
  // pages by commentPage, which counts the rows: after every change both must agree
  const TOTALS = doc(`query Totals($slug: String!) { article(slug: $slug) {
    tree: comments(first: 1, orderBy: OLD) { totalCount } counted: comments(last: 1, orderBy: OLD) { totalCount } } }`);

  it('comes from the article counters, which follow every change, for every viewer', async () => {
    const { AddCommentDocument, DeleteCommentDocument, HideCommentDocument, UnhideCommentDocument, ApproveCommentDocument, RejectCommentDocument } =
      await import('@atrium/schema');
    const a = await buildArticle();
    const author = await buildUser();
    const newbie = await buildUser();
    const staff = await buildUser({ role: 'MODERATOR' });
    const people = [['anonymous', null], ['the author', author], ['a new member', newbie], ['a moderator', staff]] as const;
    const seen: Record<string, number[]> = {};
    const check = async (step: string) => {
      for (const [who, as] of people) {
        const { tree, counted } = (await gql(TOTALS, { slug: a.slug }, { as })).expectData().article!;
        expect(tree.totalCount, `${step}: ${who}`).toBe(counted.totalCount);
        (seen[who] ??= []).push(tree.totalCount);
      }
    };
    const add = async (body: string, as: TestUser, parentId?: string) =>
      (await gql(AddCommentDocument, { input: { articleId: a.gid, body, parentId } }, { as })).expectData().addComment.comment;

    await check('no comments');
    const first = await add('first', author);
    const lonely = await add('lonely', author);
    await add('a reply', staff, first.id);
    await check('two comments and a reply');
    const pending = await add('see http://example.com', newbie);
    const rejected = await add('and http://example.org', newbie);
    expect([pending.status, rejected.status]).toEqual(['PENDING', 'PENDING']);
    await check('two pending');
    (await gql(ApproveCommentDocument, { input: { commentId: pending.id } }, { as: staff })).expectData();
    (await gql(RejectCommentDocument, { input: { commentId: rejected.id } }, { as: staff })).expectData();
    await check('approved and rejected');
    (await gql(HideCommentDocument, { input: { commentId: lonely.id, reason: 'OFF_TOPIC' } }, { as: staff })).expectData();
    await check('hidden');
    (await gql(UnhideCommentDocument, { input: { commentId: lonely.id } }, { as: staff })).expectData();
    await check('unhidden');
    (await gql(DeleteCommentDocument, { input: { commentId: first.id } }, { as: author })).expectData(); // has a reply: tombstone
    (await gql(DeleteCommentDocument, { input: { commentId: lonely.id } }, { as: author })).expectData();
    await check('deleted with and without replies');
    // the steps did move the counts, differently for each viewer
    expect(seen).toEqual({
      anonymous: [0, 2, 2, 3, 2, 3, 2],
      'the author': [0, 2, 2, 3, 3, 3, 2],
      'a new member': [0, 2, 4, 4, 3, 4, 3],
      'a moderator': [0, 2, 4, 4, 4, 4, 3],
    });
    // and the counters equal a recount
    const read = () => sql('select top_comment_count, top_comment_count_all from articles where id = $1', [a.id]);
    const before = await read();
    await recountComments(a.id);
    expect(await read()).toEqual(before);
  });
});
