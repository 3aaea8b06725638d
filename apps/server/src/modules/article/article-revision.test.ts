import { describe, expect, it } from 'vitest';
import {
  ArticleDocument,
  ArticleRevisionsDocument,
  CreateArticleDocument,
  PublishArticleDocument,
  RestoreArticleRevisionDocument,
  UpdateArticleDocument,
} from '@atrium/schema';
import { buildSection, buildUser, type TestUser } from '../../../test/factories.js';
import { gql, sql, useTestApp } from '../../../test/harness.js';
import { decodeId, toGlobalId } from '../../graphql/global-id.js';

useTestApp();

/** An article saved three times through the API: revisions V1 (oldest), V2, V3 (current). */
async function articleWithHistory(agent: TestUser) {
  const section = await buildSection();
  const { article } = (await gql(CreateArticleDocument, { input: { sectionId: section.gid, title: 'V1', body: 'one\ntwo\n' } }, { as: agent })).expectData()
    .createArticle;
  (await gql(UpdateArticleDocument, { input: { articleId: article.id, title: 'V2', body: 'one\ntwo\nthree\n' } }, { as: agent })).expectData();
  (await gql(UpdateArticleDocument, { input: { articleId: article.id, title: 'V3', body: '# Three\n\nonly\n' } }, { as: agent })).expectData();
  const revisions = (await gql(ArticleRevisionsDocument, { id: article.id }, { as: agent })).expectData().article!.revisions!.nodes;
  const [v3, v2, v1] = revisions;
  return { article, v1, v2, v3 };
}

const revisionRows = (articleGid: string) =>
  sql<{ id: string; title: string; body: string; created_at: Date }>(
    'select id, title, body, created_at from article_revisions where article_id = $1 order by created_at, id',
    [decodeId(articleGid, 'Article')],
  );

describe('Mutation.restoreArticleRevision', () => {
  it('saves the old title and body as a NEW revision and leaves the earlier ones as they were', async () => {
    const agent = await buildUser({ role: 'AGENT' });
    const restorer = await buildUser({ role: 'MODERATOR' });
    const { article, v1, v2, v3 } = await articleWithHistory(agent);
    const before = await revisionRows(article.id);

    const restored = (await gql(RestoreArticleRevisionDocument, { input: { articleId: article.id, revisionId: v1.id } }, { as: restorer })).expectData()
      .restoreArticleRevision.article;
    expect(restored).toMatchObject({ title: 'V1', body: 'one\ntwo\n', bodyHtml: '<p>one\ntwo</p>\n' });
    expect(restored.revisions!.totalCount).toBe(4);
    const [newest, ...rest] = restored.revisions!.nodes;
    expect(newest).toMatchObject({ title: 'V1', body: 'one\ntwo\n', author: { handle: restorer.handle }, restoredFrom: { id: v1.id } });
    expect(newest.id).not.toBe(v1.id);
    expect(rest.map((r) => [r.id, r.title, r.restoredFrom])).toEqual([
      [v3.id, 'V3', null],
      [v2.id, 'V2', null],
      [v1.id, 'V1', null],
    ]);
    // history is only appended to
    expect((await revisionRows(article.id)).slice(0, 3)).toEqual(before);

    // readers see the restored version once it is published
    (await gql(PublishArticleDocument, { input: { articleId: article.id } }, { as: agent })).expectData();
    expect((await gql(ArticleDocument, { id: article.id })).expectData().article).toMatchObject({ title: 'V1' });
  });

  it('restoring the version the article already has writes nothing', async () => {
    const agent = await buildUser({ role: 'AGENT' });
    const { article, v3 } = await articleWithHistory(agent);
    const res = (await gql(RestoreArticleRevisionDocument, { input: { articleId: article.id, revisionId: v3.id } }, { as: agent })).expectData();
    expect(res.restoreArticleRevision.article).toMatchObject({ title: 'V3' });
    expect(res.restoreArticleRevision.article.revisions!.totalCount).toBe(3);
  });

  it('restores again after a restore (a restored revision is a revision like any other)', async () => {
    const agent = await buildUser({ role: 'AGENT' });
    const { article, v1, v3 } = await articleWithHistory(agent);
    (await gql(RestoreArticleRevisionDocument, { input: { articleId: article.id, revisionId: v1.id } }, { as: agent })).expectData();
    const back = (await gql(RestoreArticleRevisionDocument, { input: { articleId: article.id, revisionId: v3.id } }, { as: agent })).expectData()
      .restoreArticleRevision.article;
    expect(back.title).toBe('V3');
    expect(back.revisions!.nodes.map((r) => [r.title, r.restoredFrom?.id ?? null])).toEqual([
      ['V3', v3.id],
      ['V1', v1.id],
      ['V3', null],
      ['V2', null],
      ['V1', null],
    ]);
  });

  describe('refuses what does not fit, with a clear error and nothing written', () => {
    const cases: Array<[string, (h: Awaited<ReturnType<typeof articleWithHistory>>, other: Awaited<ReturnType<typeof articleWithHistory>>) => { articleId: string; revisionId: string }, string, string | null]> = [
      ['a revision of another article', (h, o) => ({ articleId: h.article.id, revisionId: o.v1.id }), 'BAD_USER_INPUT', 'revisionId'],
      ['a forged revision id', (h) => ({ articleId: h.article.id, revisionId: 'not-an-id' }), 'BAD_USER_INPUT', 'revisionId'],
      ['an article id as the revision id', (h) => ({ articleId: h.article.id, revisionId: h.article.id }), 'BAD_USER_INPUT', 'revisionId'],
      ['a revision that does not exist', (h) => ({ articleId: h.article.id, revisionId: toGlobalId('ArticleRevision', '00000000-0000-4000-8000-000000000000') }), 'NOT_FOUND', null],
      ['an article that does not exist', (h) => ({ articleId: toGlobalId('Article', '00000000-0000-4000-8000-000000000000'), revisionId: h.v1.id }), 'NOT_FOUND', null],
      ['a forged article id', (h) => ({ articleId: 'QXJ0aWNsZTp4', revisionId: h.v1.id }), 'BAD_USER_INPUT', 'articleId'],
    ];
    it.each(cases)('%s', async (_name, input, code, field) => {
      const agent = await buildUser({ role: 'AGENT' });
      const history = await articleWithHistory(agent);
      const other = await articleWithHistory(agent);
      const [{ n: before }] = await sql<{ n: number }>('select count(*)::int as n from article_revisions');
      const error = (await gql(RestoreArticleRevisionDocument, { input: input(history, other) }, { as: agent })).expectErrorCode(code);
      if (field) expect(error.extensions?.field).toBe(field);
      expect(error.message).not.toMatch(/internal/i);
      const [{ n: after }] = await sql<{ n: number }>('select count(*)::int as n from article_revisions');
      expect(after).toBe(before);
      expect((await gql(ArticleDocument, { id: history.article.id }, { as: agent })).expectData().article?.title).toBe('V3');
    });
  });

  it.each([
    ['anonymous', 'UNAUTHENTICATED'],
    ['MEMBER', 'FORBIDDEN'],
    ['suspended AGENT', 'FORBIDDEN'],
    ['banned AGENT', 'UNAUTHENTICATED'],
    ['AGENT', null],
    ['MODERATOR', null],
    ['ADMIN', null],
  ] as const)('as %s', async (who, code) => {
    const agent = await buildUser({ role: 'AGENT' });
    const { article, v1 } = await articleWithHistory(agent);
    const as =
      who === 'anonymous'
        ? null
        : who === 'suspended AGENT'
          ? await buildUser({ role: 'AGENT', status: 'SUSPENDED' })
          : who === 'banned AGENT'
            ? await buildUser({ role: 'AGENT', status: 'BANNED' })
            : await buildUser({ role: who });
    const res = await gql(RestoreArticleRevisionDocument, { input: { articleId: article.id, revisionId: v1.id } }, { as });
    if (code) {
      const error = res.expectErrorCode(code);
      if (who === 'suspended AGENT') expect(error.extensions?.reason).toBe('VIEWER_SUSPENDED');
      expect((await gql(ArticleDocument, { id: article.id }, { as: agent })).expectData().article?.title).toBe('V3');
    } else {
      expect(res.expectData().restoreArticleRevision.article.title).toBe('V1');
    }
  });
});
