import { describe, expect, it } from 'vitest';
import { ArticleDocument, ArticleFeedbackDocument, VoteArticleDocument } from '@atrium/schema';
import { buildArticle, buildUser } from '../../../test/factories.js';
import { gql, sql, useTestApp } from '../../../test/harness.js';

useTestApp();

describe('Mutation.voteArticle', () => {
  it('votes, changes and clears; counts follow', async () => {
    const a = await buildArticle();
    const [u1, u2] = [await buildUser(), await buildUser()];
    const vote = async (as: typeof u1, helpful: boolean | null) =>
      (await gql(VoteArticleDocument, { input: { articleId: a.gid, helpful } }, { as })).expectData().voteArticle.article;
    expect(await vote(u1, true)).toMatchObject({ helpfulCount: 1, voteCount: 1, viewerVote: true });
    expect(await vote(u2, false)).toMatchObject({ helpfulCount: 1, voteCount: 2, viewerVote: false });
    expect(await vote(u1, false)).toMatchObject({ helpfulCount: 0, voteCount: 2, viewerVote: false });
    expect(await vote(u1, null)).toMatchObject({ helpfulCount: 0, voteCount: 1, viewerVote: null });
    expect(await vote(u1, null)).toMatchObject({ helpfulCount: 0, voteCount: 1 });
    const anon = (await gql(ArticleDocument, { id: a.gid })).expectData().article;
    expect(anon).toMatchObject({ helpfulCount: 0, voteCount: 1, viewerVote: null });
  });

  it.each([
    [null, 'UNAUTHENTICATED'],
    ['SUSPENDED', 'FORBIDDEN'],
    ['BANNED', 'UNAUTHENTICATED'],
  ] as const)('as %s is refused', async (status, code) => {
    const a = await buildArticle();
    const as = status ? await buildUser({ status }) : null;
    (await gql(VoteArticleDocument, { input: { articleId: a.gid, helpful: true } }, { as })).expectErrorCode(code);
    expect(await sql('select 1 from article_votes where article_id = $1', [a.id])).toHaveLength(0);
  });

  it('a draft takes no votes and is NOT_FOUND for members; a reason needs helpful: false', async () => {
    const draft = await buildArticle({ status: 'DRAFT' });
    const u = await buildUser();
    (await gql(VoteArticleDocument, { input: { articleId: draft.gid, helpful: true } }, { as: u })).expectErrorCode('NOT_FOUND');
    const a = await buildArticle();
    (await gql(VoteArticleDocument, { input: { articleId: a.gid, helpful: true, reason: 'UNCLEAR' } }, { as: u })).expectErrorCode('BAD_USER_INPUT');
    (await gql(VoteArticleDocument, { input: { articleId: a.gid, helpful: false, note: 'x'.repeat(1001) } }, { as: u })).expectErrorCode('BAD_USER_INPUT');
  });

  it('not-helpful reasons and notes reach staff only', async () => {
    const a = await buildArticle();
    const u = await buildUser();
    (await gql(VoteArticleDocument, { input: { articleId: a.gid, helpful: false, reason: 'OUTDATED', note: 'Screens changed' } }, { as: u })).expectData();
    const staff = await buildUser({ role: 'AGENT' });
    const fb = (await gql(ArticleFeedbackDocument, { id: a.gid, helpful: false }, { as: staff })).expectData().article?.feedback;
    expect(fb?.totalCount).toBe(1);
    expect(fb?.nodes[0]).toMatchObject({ helpful: false, reason: 'OUTDATED', note: 'Screens changed', user: { handle: u.handle } });
    expect((await gql(ArticleFeedbackDocument, { id: a.gid }, { as: u })).expectData().article?.feedback).toBeNull();
  });

  it('50 parallel votes by one user leave one vote and exact counts', async () => {
    const a = await buildArticle();
    const u = await buildUser();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => gql(VoteArticleDocument, { input: { articleId: a.gid, helpful: i % 2 === 0 } }, { as: u })),
    );
    for (const r of results) r.expectData();
    const [rows] = await sql<{ n: number; helpful: number }>(
      'select count(*)::int as n, count(*) filter (where helpful)::int as helpful from article_votes where article_id = $1',
      [a.id],
    );
    expect(rows.n).toBe(1);
    const [art] = await sql<{ helpful_count: number; vote_count: number }>('select helpful_count, vote_count from articles where id = $1', [a.id]);
    expect(art).toEqual({ helpful_count: rows.helpful, vote_count: 1 });
  });

  it('parallel votes by many users keep counters equal to the rows', async () => {
    const a = await buildArticle();
    const users = await Promise.all(Array.from({ length: 20 }, () => buildUser()));
    await Promise.all(users.map((u, i) => gql(VoteArticleDocument, { input: { articleId: a.gid, helpful: i % 3 !== 0 } }, { as: u })));
    await Promise.all(users.slice(0, 10).map((u) => gql(VoteArticleDocument, { input: { articleId: a.gid, helpful: null } }, { as: u })));
    const [truth] = await sql<{ n: number; h: number }>(
      'select count(*)::int as n, count(*) filter (where helpful)::int as h from article_votes where article_id = $1',
      [a.id],
    );
    const [art] = await sql<{ helpful_count: number; vote_count: number }>('select helpful_count, vote_count from articles where id = $1', [a.id]);
    expect(truth.n).toBe(10);
    expect(art).toEqual({ helpful_count: truth.h, vote_count: truth.n });
  });
});
