import { describe, expect, it } from 'vitest';
import {
  AddCommentDocument,
  ArticleCommentsDocument,
  ArticleWithThreadDocument,
  CommentDocument,
  CommentRepliesDocument,
  DeleteCommentDocument,
  UpdateCommentDocument,
  VoteCommentDocument,
  type ArticleCommentsQuery,
} from '@atrium/schema';
import { buildArticle, buildComment, buildUser, recountComments, type TestUser } from '../../../test/factories.js';
import { gql, sql, useTestApp } from '../../../test/harness.js';
import { toGlobalId } from '../../graphql/global-id.js';

useTestApp();

const add = (articleId: string, body: string, as: TestUser | null, parentId?: string) =>
  gql(AddCommentDocument, { input: { articleId, body, parentId } }, { as });

describe('Mutation.addComment', () => {
  it.each([
    [null, 'UNAUTHENTICATED'],
    ['SUSPENDED', 'FORBIDDEN'],
    ['BANNED', 'UNAUTHENTICATED'],
    ['MEMBER', null],
    ['AGENT', null],
  ] as const)('as %s', async (who, code) => {
    const a = await buildArticle();
    const as = who === null ? null : who === 'SUSPENDED' || who === 'BANNED' ? await buildUser({ status: who }) : await buildUser({ role: who });
    const res = await add(a.gid, 'Does this work on **mobile**?', as);
    if (code) {
      res.expectErrorCode(code);
      expect(await sql('select 1 from comments where article_id = $1', [a.id])).toHaveLength(0);
    } else {
      const c = res.expectData().addComment.comment;
      expect(c).toMatchObject({ status: 'PUBLISHED', depth: 0, isOfficial: who === 'AGENT', bodyHtml: '<p>Does this work on <strong>mobile</strong>?</p>\n' });
    }
  });

  it('replies nest; at the depth limit a reply joins its parent thread', async () => {
    const a = await buildArticle();
    const u = await buildUser();
    let parent: string | undefined;
    const depths: number[] = [];
    for (let i = 0; i < 9; i++) {
      const c = (await add(a.gid, `level ${i}`, u, parent)).expectData().addComment.comment;
      depths.push(c.depth);
      if (i < 8) parent = c.id;
      else expect(c.parent?.id).not.toBe(parent);
    }
    expect(depths).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 7]);
  });

  it('refuses empty or too long bodies, drafts, ghosts and bad ids without writing', async () => {
    const a = await buildArticle();
    const u = await buildUser();
    expect((await add(a.gid, '   ', u)).expectErrorCode('BAD_USER_INPUT').extensions?.field).toBe('body');
    expect((await add(a.gid, 'x'.repeat(10_001), u)).expectErrorCode('BAD_USER_INPUT').extensions?.field).toBe('body');
    (await add((await buildArticle({ status: 'DRAFT' })).gid, 'hi', u)).expectErrorCode('NOT_FOUND');
    (await add(toGlobalId('Article', '00000000-0000-4000-8000-000000000000'), 'hi', u)).expectErrorCode('NOT_FOUND');
    (await add('bogus', 'hi', u)).expectErrorCode('BAD_USER_INPUT');
    (await add(a.gid, 'hi', u, toGlobalId('Comment', '00000000-0000-4000-8000-000000000000'))).expectErrorCode('NOT_FOUND');
    expect(await sql('select 1 from comments where article_id = $1', [a.id])).toHaveLength(0);
  });

  it('a locked article takes comments from staff only', async () => {
    const a = await buildArticle({ locked: true });
    const res = await add(a.gid, 'hello', await buildUser());
    expect(res.expectErrorCode('FORBIDDEN').extensions?.reasons).toEqual(['COMMENTS_LOCKED']);
    (await add(a.gid, 'official note', await buildUser({ role: 'AGENT' }))).expectData();
  });

  it("a member's first comment with a link is PENDING, seen only by them and staff", async () => {
    const a = await buildArticle();
    const newbie = await buildUser();
    const other = await buildUser();
    const staff = await buildUser({ role: 'MODERATOR' });
    const c = (await add(a.gid, 'Cheap deals at https://spam.example', newbie)).expectData().addComment.comment;
    expect(c.status).toBe('PENDING');
    const countAs = async (as: TestUser | null) => (await gql(ArticleCommentsDocument, { id: a.gid }, { as })).expectData().article!;
    expect((await countAs(other)).commentCount).toBe(0);
    expect((await countAs(other)).comments.totalCount).toBe(0);
    expect((await countAs(null)).commentCount).toBe(0);
    expect((await countAs(newbie)).commentCount).toBe(1);
    expect((await countAs(staff)).comments.edges.map((e) => e.node.status)).toEqual(['PENDING']);
    expect((await gql(CommentDocument, { id: c.id }, { as: other })).expectData().comment).toBeNull();
    // a member with a published comment is trusted with links
    const regular = await buildUser();
    await buildComment({ article: a, author: regular });
    expect((await add(a.gid, 'See https://docs.example/x', regular)).expectData().addComment.comment.status).toBe('PUBLISHED');
  });
});

describe('Mutation.updateComment', () => {
  it('author only; keeps the previous text for staff; sets editedAt', async () => {
    const a = await buildArticle();
    const author = await buildUser();
    const c = (await add(a.gid, 'first text', author)).expectData().addComment.comment;
    (await gql(UpdateCommentDocument, { input: { commentId: c.id, body: 'hijack' } }, { as: await buildUser() })).expectErrorCode('FORBIDDEN');
    (await gql(UpdateCommentDocument, { input: { commentId: c.id, body: 'hijack' } }, { as: await buildUser({ role: 'MODERATOR' }) })).expectErrorCode('FORBIDDEN');
    const edited = (await gql(UpdateCommentDocument, { input: { commentId: c.id, body: 'second text' } }, { as: author })).expectData().updateComment.comment;
    expect(edited.body).toBe('second text');
    expect(edited.editedAt).toBeTruthy();
    const staffView = (await gql(CommentDocument, { id: c.id }, { as: await buildUser({ role: 'AGENT' }) })).expectData().comment;
    expect(staffView?.revisions?.map((r) => r.body)).toEqual(['first text']);
    expect((await gql(CommentDocument, { id: c.id }, { as: author })).expectData().comment?.revisions).toBeNull();
  });

  it('members cannot edit on a locked article', async () => {
    const a = await buildArticle();
    const author = await buildUser();
    const c = (await add(a.gid, 'before lock', author)).expectData().addComment.comment;
    await sql('update articles set comments_locked = true where id = $1', [a.id]);
    (await gql(UpdateCommentDocument, { input: { commentId: c.id, body: 'after lock' } }, { as: author })).expectErrorCode('FORBIDDEN');
  });
});

describe('Mutation.deleteComment', () => {
  it('with replies: a tombstone keeps its place; without: it disappears; never hard-deleted', async () => {
    const a = await buildArticle();
    const author = await buildUser();
    const parent = (await add(a.gid, 'parent', author)).expectData().addComment.comment;
    const reply = (await add(a.gid, 'reply', await buildUser(), parent.id)).expectData().addComment.comment;
    const lonely = (await add(a.gid, 'lonely', author)).expectData().addComment.comment;
    (await gql(DeleteCommentDocument, { input: { commentId: parent.id } }, { as: await buildUser() })).expectErrorCode('FORBIDDEN');
    const dead = (await gql(DeleteCommentDocument, { input: { commentId: parent.id } }, { as: author })).expectData().deleteComment.comment;
    expect(dead).toMatchObject({ status: 'DELETED', author: null, body: '', bodyHtml: '' });
    (await gql(DeleteCommentDocument, { input: { commentId: lonely.id } }, { as: await buildUser({ role: 'MODERATOR' }) })).expectData();
    const list = (await gql(ArticleCommentsDocument, { id: a.gid, orderBy: 'OLD' })).expectData().article!;
    expect(list.comments.edges.map((e) => e.node.status)).toEqual(['DELETED']);
    expect(list.commentCount).toBe(1);
    const replies = (await gql(CommentRepliesDocument, { id: parent.id })).expectData().comment!;
    expect(replies.replies.nodes.map((n) => n.id)).toEqual([reply.id]);
    expect(await sql('select id from comments where article_id = $1', [a.id])).toHaveLength(3);
    (await gql(DeleteCommentDocument, { input: { commentId: parent.id } }, { as: author })).expectErrorCode('NOT_FOUND');
  });
});

describe('Mutation.voteComment', () => {
  it('up, down, clear; not on your own comment', async () => {
    const c = await buildComment();
    const u = await buildUser();
    const vote = async (value: 'UP' | 'DOWN' | null) =>
      (await gql(VoteCommentDocument, { input: { commentId: c.gid, value } }, { as: u })).expectData().voteComment.comment;
    expect(await vote('UP')).toMatchObject({ upvotes: 1, downvotes: 0, score: 1, viewerVote: 'UP' });
    expect(await vote('DOWN')).toMatchObject({ upvotes: 0, downvotes: 1, score: -1, viewerVote: 'DOWN' });
    expect(await vote(null)).toMatchObject({ upvotes: 0, downvotes: 0, score: 0, viewerVote: null });
    const mine = (await add((await buildArticle()).gid, 'mine', u)).expectData().addComment.comment;
    (await gql(VoteCommentDocument, { input: { commentId: mine.id, value: 'UP' } }, { as: u })).expectErrorCode('FORBIDDEN');
  });

  it('50 parallel votes by one user: one vote, exact counters', async () => {
    const c = await buildComment();
    const u = await buildUser();
    const res = await Promise.all(Array.from({ length: 50 }, (_, i) => gql(VoteCommentDocument, { input: { commentId: c.gid, value: i % 2 ? 'UP' : 'DOWN' } }, { as: u })));
    res.forEach((r) => r.expectData());
    const [truth] = await sql<{ up: number; down: number }>(
      `select count(*) filter (where value = 1)::int as up, count(*) filter (where value = -1)::int as down from comment_votes where comment_id = $1`, [c.id]);
    const [row] = await sql<{ upvotes: number; downvotes: number }>('select upvotes, downvotes from comments where id = $1', [c.id]);
    expect(truth.up + truth.down).toBe(1);
    expect(row).toEqual({ upvotes: truth.up, downvotes: truth.down });
  });

  it('many users voting at once keep counters equal to the rows', async () => {
    const c = await buildComment();
    const users = await Promise.all(Array.from({ length: 30 }, () => buildUser()));
    await Promise.all(users.map((u, i) => gql(VoteCommentDocument, { input: { commentId: c.gid, value: i % 4 ? 'UP' : 'DOWN' } }, { as: u })));
    const [truth] = await sql<{ up: number; down: number }>(
      `select count(*) filter (where value = 1)::int as up, count(*) filter (where value = -1)::int as down from comment_votes where comment_id = $1`, [c.id]);
    const [row] = await sql<{ upvotes: number; downvotes: number }>('select upvotes, downvotes from comments where id = $1', [c.id]);
    expect(row).toEqual({ upvotes: truth.up, downvotes: truth.down });
    expect(truth.up + truth.down).toBe(30);
  });
});

describe('comment orders and cursors', () => {
  it('BEST, TOP, NEW and OLD', async () => {
    const a = await buildArticle();
    const t = Date.now();
    await buildComment({ article: a, body: 'old-ok', upvotes: 5, downvotes: 0, createdAt: new Date(t - 4000) });
    await buildComment({ article: a, body: 'many-mixed', upvotes: 60, downvotes: 40, createdAt: new Date(t - 3000) });
    await buildComment({ article: a, body: 'strong', upvotes: 40, downvotes: 2, createdAt: new Date(t - 2000) });
    await buildComment({ article: a, body: 'new-zero', createdAt: new Date(t - 1000) });
    const order = async (orderBy: 'BEST' | 'TOP' | 'NEW' | 'OLD') =>
      (await gql(ArticleCommentsDocument, { id: a.gid, orderBy })).expectData().article!.comments.edges.map((e) => e.node.body);
    expect(await order('BEST')).toEqual(['strong', 'old-ok', 'many-mixed', 'new-zero']);
    expect(await order('TOP')).toEqual(['strong', 'many-mixed', 'old-ok', 'new-zero']);
    expect(await order('NEW')).toEqual(['new-zero', 'strong', 'many-mixed', 'old-ok']);
    expect(await order('OLD')).toEqual(['old-ok', 'many-mixed', 'strong', 'new-zero']);
  });

  it.each(['BEST', 'TOP'] as const)('%s pages neither repeat nor skip when votes change between pages', async (orderBy) => {
    const a = await buildArticle();
    const ids: string[] = [];
    for (let i = 0; i < 9; i++) ids.push((await buildComment({ article: a, upvotes: 10 + i, downvotes: 0, createdAt: new Date(Date.now() - i * 1000) })).gid);
    const page1: ArticleCommentsQuery = (await gql(ArticleCommentsDocument, { id: a.gid, orderBy, first: 3 })).expectData();
    const seen = page1.article!.comments.edges.map((e) => e.node.id);
    // readers push the last comments to the top and a top one down, between pages
    const voters = await Promise.all(Array.from({ length: 15 }, () => buildUser()));
    const last = page1.article!.comments.edges;
    for (const v of voters) {
      await gql(VoteCommentDocument, { input: { commentId: ids[0], value: 'UP' } }, { as: v });
      await gql(VoteCommentDocument, { input: { commentId: last[0].node.id, value: 'DOWN' } }, { as: v });
    }
    let after = page1.article!.comments.pageInfo.endCursor;
    for (;;) {
      const page: ArticleCommentsQuery = (await gql(ArticleCommentsDocument, { id: a.gid, orderBy, first: 3, after })).expectData();
      seen.push(...page.article!.comments.edges.map((e) => e.node.id));
      if (!page.article!.comments.pageInfo.hasNextPage) break;
      after = page.article!.comments.pageInfo.endCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual([...ids].sort());
  });

  it('a forged or foreign cursor is BAD_USER_INPUT', async () => {
    const a = await buildArticle();
    await buildComment({ article: a });
    await buildComment({ article: a });
    const page = (await gql(ArticleCommentsDocument, { id: a.gid, first: 1, orderBy: 'NEW' })).expectData().article!.comments;
    (await gql(ArticleCommentsDocument, { id: a.gid, first: 1, orderBy: 'BEST', after: page.pageInfo.endCursor })).expectErrorCode('BAD_USER_INPUT');
    const forged = Buffer.from(JSON.stringify(['c:NEW:-', 'not a date', 'x'])).toString('base64url');
    (await gql(ArticleCommentsDocument, { id: a.gid, first: 1, orderBy: 'NEW', after: forged })).expectErrorCode('BAD_USER_INPUT');
  });

  it('replies page with cursors and totals', async () => {
    const parent = await buildComment();
    for (let i = 0; i < 5; i++) await buildComment({ parent, createdAt: new Date(Date.now() + i * 1000), body: `r${i}` });
    const first = (await gql(CommentRepliesDocument, { id: parent.gid, first: 2 })).expectData().comment!;
    expect(first.replyCount).toBe(5);
    expect(first.replies.totalCount).toBe(5);
    expect(first.replies.nodes.map((n) => n.body)).toEqual(['r0', 'r1']);
    const next = (await gql(CommentRepliesDocument, { id: parent.gid, first: 10, after: first.replies.pageInfo.endCursor })).expectData().comment!;
    expect(next.replies.nodes.map((n) => n.body)).toEqual(['r2', 'r3', 'r4']);
    expect(next.replies.pageInfo.hasNextPage).toBe(false);
  });
});

describe('the article page', () => {
  async function bigThread(comments: number) {
    const a = await buildArticle();
    const authors = await Promise.all(Array.from({ length: 10 }, () => buildUser()));
    // levels: 1/4 top level, the rest replies spread over three levels below
    await sql(
      `with recursive tree(n) as (select 1 union all select n + 1 from tree where n < $2)
       insert into comments (id, article_id, parent_id, path, depth, author_id, body, body_html, upvotes, downvotes, created_at)
       select gen_random_uuid(), $1, null, '{}', 0, ($3::uuid[])[1 + n % 10], 'c' || n, '<p>c' || n || '</p>', n % 7, n % 3, now() - n * interval '1 second'
       from tree`,
      [a.id, comments, authors.map((u) => u.id)],
    );
    await sql(`update comments set path = array[id] where article_id = $1`, [a.id]);
    // turn three quarters into replies of earlier comments, three levels deep
    await sql(
      `with ordered as (select id, row_number() over (order by created_at desc) as rn from comments where article_id = $1)
       update comments c set parent_id = p.id, depth = 1, path = array[p.id, c.id]
       from ordered o, ordered po join comments p on p.id = po.id
       where c.id = o.id and o.rn > $2 / 4 and o.rn <= $2 / 2 and po.rn = o.rn - $2 / 4`,
      [a.id, comments],
    );
    await sql(
      `with ordered as (select id, row_number() over (order by created_at desc) as rn from comments where article_id = $1)
       update comments c set parent_id = p.id, depth = 2, path = p.path || c.id
       from ordered o, ordered po join comments p on p.id = po.id
       where c.id = o.id and o.rn > $2 / 2 and o.rn <= 3 * $2 / 4 and po.rn = o.rn - $2 / 4`,
      [a.id, comments],
    );
    await sql(
      `with ordered as (select id, row_number() over (order by created_at desc) as rn from comments where article_id = $1)
       update comments c set parent_id = p.id, depth = 3, path = p.path || c.id
       from ordered o, ordered po join comments p on p.id = po.id
       where c.id = o.id and o.rn > 3 * $2 / 4 and po.rn = o.rn - $2 / 4`,
      [a.id, comments],
    );
    await recountComments(a.id);
    return a;
  }

  it('costs the same number of SQL statements for 10 and 1,000 comments (at most 8)', async () => {
    const small = await bigThread(12);
    const large = await bigThread(1000);
    const viewer = await buildUser();
    const counts: Record<string, number[]> = { anonymous: [], member: [] };
    for (const a of [small, large]) {
      const [{ slug }] = await sql<{ slug: string }>('select slug from articles where id = $1', [a.id]);
      for (const [who, as] of [['anonymous', null], ['member', viewer]] as const) {
        const res = await gql(ArticleWithThreadDocument, { slug }, { as });
        const data = res.expectData();
        expect(data.article?.comments.edges.length).toBeGreaterThan(0);
        counts[who].push(res.sqlStatements);
      }
    }
    const deep = (await gql(ArticleWithThreadDocument, { slug: (await sql<{ slug: string }>('select slug from articles where id = $1', [large.id]))[0].slug })).expectData();
    expect(deep.article!.comments.edges[0].node.replies.nodes[0].replies.nodes[0].replies.nodes.length).toBeGreaterThan(0);
    expect(deep.article!.commentCount).toBe(1000);
    expect(counts.anonymous[0]).toBe(counts.anonymous[1]);
    expect(counts.member[0]).toBe(counts.member[1]);
    expect(Math.max(...counts.anonymous, ...counts.member)).toBeLessThanOrEqual(8);
  });
});
