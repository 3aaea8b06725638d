import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import {
  ArchiveArticleDocument,
  ArticleDocument,
  ArticleRevisionsDocument,
  ArticlesDocument,
  CategoriesDocument,
  CreateArticleDocument,
  CreateCategoryDocument,
  CreateSectionDocument,
  NodeDocument,
  NodesDocument,
  PublishArticleDocument,
  SectionArticlesDocument,
  type SectionArticlesQuery,
  UpdateArticleDocument,
} from '@atrium/schema';
import { buildArticle, buildCategory, buildSection, buildUser, type TestUser } from '../../../test/factories.js';
import { gql, sql, useTestApp } from '../../../test/harness.js';
import { toGlobalId } from '../../graphql/global-id.js';

useTestApp();

type Role = 'MEMBER' | 'AGENT' | 'MODERATOR' | 'ADMIN';
const asRole = async (role: Role | null | 'SUSPENDED'): Promise<TestUser | null> =>
  role === null ? null : role === 'SUSPENDED' ? buildUser({ role: 'AGENT', status: 'SUSPENDED' }) : buildUser({ role });

describe('Mutation.createArticle', () => {
  it.each([
    [null, 'UNAUTHENTICATED'],
    ['MEMBER', 'FORBIDDEN'],
    ['SUSPENDED', 'FORBIDDEN'],
    ['AGENT', null],
    ['MODERATOR', null],
    ['ADMIN', null],
  ] as const)('as %s', async (role, code) => {
    const section = await buildSection();
    const res = await gql(CreateArticleDocument, { input: { sectionId: section.gid, title: 'How to reset a password', body: '# Steps\n\n1. Open settings' } }, { as: await asRole(role) });
    if (code) {
      res.expectErrorCode(code);
      expect(await sql('select 1 from articles where section_id = $1', [section.id])).toHaveLength(0);
    } else {
      const { article } = res.expectData().createArticle;
      expect(article).toMatchObject({ status: 'DRAFT', title: 'How to reset a password' });
      expect(article.slug).toMatch(/^how-to-reset-a-password(-\d+)?$/);
      expect(article.bodyHtml).toContain('<h1>Steps</h1>');
    }
  });

  it('sanitizes markdown: no script, no handlers, no javascript: links; links get rel', async () => {
    const agent = await buildUser({ role: 'AGENT' });
    const section = await buildSection();
    const body = '<script>alert(1)</script>\n\n[x](javascript:alert(1)) [ok](https://example.com) <img src=x onerror=alert(1)>';
    const { article } = (await gql(CreateArticleDocument, { input: { sectionId: section.gid, title: 'XSS', body } }, { as: agent })).expectData().createArticle;
    expect(article.bodyHtml).not.toMatch(/<script|<img[^>]*onerror|href="javascript:/i);
    expect(article.bodyHtml).toContain("&lt;script&gt;");
    expect(article.bodyHtml).toContain('rel="nofollow ugc noopener"');
    expect(article.bodyHtml).toContain('href="https://example.com"');
  });

  it.each([
    ['title', { title: '' }],
    ['body', { body: 'x'.repeat(100_001) }],
    ['slug', { slug: 'Not A Slug' }],
    ['labels', { labels: Array.from({ length: 11 }, (_, i) => `l${i}`) }],
  ])('bad %s is BAD_USER_INPUT', async (field, patch) => {
    const agent = await buildUser({ role: 'AGENT' });
    const section = await buildSection();
    const res = await gql(CreateArticleDocument, { input: { sectionId: section.gid, title: 'T', body: 'B', ...patch } }, { as: agent });
    expect(res.expectErrorCode('BAD_USER_INPUT').extensions?.field).toBe(field);
  });

  it('malformed section id is BAD_USER_INPUT, unknown one NOT_FOUND, duplicate slug BAD_USER_INPUT', async () => {
    const agent = await buildUser({ role: 'AGENT' });
    (await gql(CreateArticleDocument, { input: { sectionId: 'nope', title: 'T', body: 'B' } }, { as: agent })).expectErrorCode('BAD_USER_INPUT');
    const ghost = toGlobalId('Section', '00000000-0000-4000-8000-000000000000');
    (await gql(CreateArticleDocument, { input: { sectionId: ghost, title: 'T', body: 'B' } }, { as: agent })).expectErrorCode('NOT_FOUND');
    const section = await buildSection();
    (await gql(CreateArticleDocument, { input: { sectionId: section.gid, title: 'T', body: 'B', slug: 'same-slug' } }, { as: agent })).expectData();
    (await gql(CreateArticleDocument, { input: { sectionId: section.gid, title: 'T', body: 'B', slug: 'same-slug' } }, { as: agent })).expectErrorCode('BAD_USER_INPUT');
  });
});

describe('article lifecycle', () => {
  it('draft → publish → archive, revisions kept, drafts only for staff', async () => {
    const agent = await buildUser({ role: 'AGENT' });
    const member = await buildUser();
    const section = await buildSection();
    const { article } = (await gql(CreateArticleDocument, { input: { sectionId: section.gid, title: 'V1', body: 'one' } }, { as: agent })).expectData().createArticle;
    const asMember = async () => (await gql(ArticleDocument, { id: article.id }, { as: member })).expectData().article;
    expect(await asMember()).toBeNull();
    expect((await gql(ArticleDocument, { slug: article.slug })).expectData().article).toBeNull();
    expect((await gql(NodeDocument, { id: article.id }, { as: member })).expectData().node).toBeNull();
    (await gql(UpdateArticleDocument, { input: { articleId: article.id, title: 'V2', body: 'two' } }, { as: agent })).expectData();
    (await gql(UpdateArticleDocument, { input: { articleId: article.id, body: 'three' } }, { as: member })).expectErrorCode('FORBIDDEN');
    const published = (await gql(PublishArticleDocument, { input: { articleId: article.id } }, { as: agent })).expectData().publishArticle.article;
    expect(published.publishedAt).toBeTruthy();
    expect((await asMember())?.title).toBe('V2');
    const revs = (await gql(ArticleRevisionsDocument, { id: article.id }, { as: agent })).expectData().article?.revisions;
    expect(revs?.nodes.map((r) => r.title)).toEqual(['V2', 'V1']);
    expect((await gql(ArticleRevisionsDocument, { id: article.id }, { as: member })).expectData().article?.revisions).toBeNull();
    (await gql(ArchiveArticleDocument, { input: { articleId: article.id } }, { as: agent })).expectData();
    expect(await asMember()).toBeNull();
  });

  it('a member editing an unseen draft gets NOT_FOUND-free FORBIDDEN; staff get NOT_FOUND for a ghost', async () => {
    const agent = await buildUser({ role: 'AGENT' });
    const ghost = toGlobalId('Article', '00000000-0000-4000-8000-000000000000');
    (await gql(PublishArticleDocument, { input: { articleId: ghost } }, { as: agent })).expectErrorCode('NOT_FOUND');
    (await gql(PublishArticleDocument, { input: { articleId: 'garbage' } }, { as: agent })).expectErrorCode('BAD_USER_INPUT');
    (await gql(PublishArticleDocument, { input: { articleId: toGlobalId('User', agent.id) } }, { as: agent })).expectErrorCode('BAD_USER_INPUT');
  });
});

describe('categories and sections', () => {
  it.each([
    [null, 'UNAUTHENTICATED'],
    ['MEMBER', 'FORBIDDEN'],
    ['AGENT', 'FORBIDDEN'],
    ['MODERATOR', 'FORBIDDEN'],
    ['ADMIN', null],
  ] as const)('createCategory / createSection as %s', async (role, code) => {
    const as = await asRole(role);
    const name = `Billing ${Math.random().toString(36).slice(2, 8)}`;
    const cat = await gql(CreateCategoryDocument, { input: { name } }, { as });
    const existing = await buildCategory();
    const sec = await gql(CreateSectionDocument, { input: { categoryId: existing.gid, name: `${name} s` } }, { as });
    if (code) {
      cat.expectErrorCode(code);
      sec.expectErrorCode(code);
    } else {
      expect(cat.expectData().createCategory.category.slug).toMatch(/^billing-/);
      expect(sec.expectData().createSection.section.category.id).toBe(existing.gid);
    }
  });

  it('lists categories with their sections in order', async () => {
    const cat = await buildCategory({ name: 'Zeta listing' });
    await buildSection({ category: cat, name: 'S-A' });
    const data = (await gql(CategoriesDocument)).expectData();
    const mine = data.categories.find((c) => c.id === cat.gid);
    expect(mine?.sections.map((s) => s.name)).toEqual(['S-A']);
  });
});

describe('pagination', () => {
  it('pages forward and backward without gaps or duplicates, with totalCount', async () => {
    const section = await buildSection();
    const author = await buildUser({ role: 'AGENT' });
    for (let i = 0; i < 7; i++) await buildArticle({ section, author, position: i, title: `P${i}` });
    await buildArticle({ section, author, position: 99, status: 'DRAFT', title: 'hidden draft' });
    const seen: string[] = [];
    let after: string | null | undefined = null;
    for (;;) {
      const res: SectionArticlesQuery = (await gql(SectionArticlesDocument, { slug: section.slug, first: 3, after })).expectData();
      const conn = res.section!.articles;
      expect(conn.totalCount).toBe(7);
      seen.push(...conn.edges.map((e) => e.node.title));
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    expect(seen).toEqual(['P0', 'P1', 'P2', 'P3', 'P4', 'P5', 'P6']);
    const last = (await gql(SectionArticlesDocument, { slug: section.slug, last: 2 })).expectData().section!.articles;
    expect(last.edges.map((e) => e.node.title)).toEqual(['P5', 'P6']);
    expect(last.pageInfo.hasPreviousPage).toBe(true);
    const before = (await gql(SectionArticlesDocument, { slug: section.slug, last: 2, before: last.pageInfo.startCursor })).expectData().section!.articles;
    expect(before.edges.map((e) => e.node.title)).toEqual(['P3', 'P4']);
  });

  it.each([
    [{ first: 0 }, 'first'],
    [{ first: 101 }, 'first'],
    [{ last: -1 }, 'last'],
    [{ first: 1, last: 1 }, 'last'],
    [{ after: 'not-a-cursor' }, 'after'],
  ])('%o is BAD_USER_INPUT', async (args, field) => {
    const res = await gql(ArticlesDocument, args);
    expect(res.expectErrorCode('BAD_USER_INPUT').extensions?.field).toBe(field);
  });

  it('a cursor from another order is refused', async () => {
    await buildArticle();
    await buildArticle();
    const page = (await gql(ArticlesDocument, { first: 1, orderBy: 'NEWEST' })).expectData().articles;
    (await gql(ArticlesDocument, { first: 1, orderBy: 'MOST_HELPFUL', after: page.pageInfo.endCursor })).expectErrorCode('BAD_USER_INPUT');
  });

  it('defaults to 20 items', async () => {
    const section = await buildSection();
    const author = await buildUser({ role: 'AGENT' });
    for (let i = 0; i < 22; i++) await buildArticle({ section, author, position: i });
    const conn = (await gql(SectionArticlesDocument, { slug: section.slug })).expectData().section!.articles;
    expect(conn.edges).toHaveLength(20);
    expect(conn.pageInfo.hasNextPage).toBe(true);
  });
});

describe('list reads', () => {
  const LIST = parse(`query List($sectionId: ID!) { articles(sectionId: $sectionId, first: 2) {
    totalCount nodes { title body bodyHtml author { handle displayName createdAt } } } }`) as TypedDocumentNode<any, { sectionId: string }>;
  const SLIM = parse(`query Slim($sectionId: ID!) { articles(sectionId: $sectionId, first: 2) { nodes { title } } }`) as TypedDocumentNode<any, { sectionId: string }>;

  it('answers the page, its authors and totalCount in one statement, with the bodies when asked', async () => {
    const section = await buildSection();
    const author = await buildUser({ role: 'AGENT' });
    for (let i = 0; i < 3; i++) await buildArticle({ section, author, position: i, title: `L${i}`, body: `Body **${i}**` });
    const res = await gql(LIST, { sectionId: section.gid });
    const conn = res.expectData().articles;
    expect(res.sqlStatements).toBe(1);
    expect(conn.totalCount).toBe(3);
    expect(conn.nodes).toEqual([0, 1].map((i) => ({
      title: `L${i}`,
      body: `Body **${i}**`,
      bodyHtml: `<p>Body <strong>${i}</strong></p>\n`,
      author: { handle: author.handle, displayName: expect.any(String), createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT[\d:.]+Z$/) },
    })));
    // a slimmer selection (no totalCount, no bodies) is one statement too
    const slim = await gql(SLIM, { sectionId: section.gid });
    expect(slim.sqlStatements).toBe(1);
    expect(slim.expectData().articles.nodes.map((n: { title: string }) => n.title)).toEqual(['L0', 'L1']);
  });

  it('reads only the columns its selection shows, and every field answers as the full row does', async () => {
    const section = await buildSection();
    const author = await buildUser({ role: 'AGENT' });
    const ids: string[] = [];
    ids.push((await buildArticle({ section, author, position: 0, title: 'F0', body: 'Body **0**', labels: ['setup'] })).gid);
    ids.push((await buildArticle({ section, author, position: 1, title: 'F1', body: 'Body _1_', locked: true })).gid);
    const admin = await buildUser({ role: 'ADMIN' });
    const member = await buildUser();
    const fields = [
      '__typename', 'id', 'slug', 'title', 'body', 'bodyHtml', 'excerpt', 'status', 'labels', 'promoted', 'position',
      'commentsLocked', 'commentsLockReason', 'helpfulCount', 'voteCount', 'createdAt', 'updatedAt', 'publishedAt',
      'viewerVote', 'viewerCanEdit', 'section { id name }', 'author { id handle displayName role isStaff createdAt }',
      'author { __typename }', 'revisions(first: 1) { totalCount }', 'commentCount',
      // fields of other modules (not in the column map) read every column
      'comments(first: 1) { totalCount }', 'title comments(first: 1) { totalCount } author { handle }',
    ];
    for (const as of [null, member, admin]) {
      for (const f of fields) {
        const list = await gql(parse(`query($s: ID!) { articles(sectionId: $s, first: 2) { nodes { ${f} } } }`) as TypedDocumentNode<any, { s: string }>, { s: section.gid }, { as });
        const full = await gql(parse(`query($ids: [ID!]!) { nodes(ids: $ids) { ... on Article { ${f} } } }`) as TypedDocumentNode<any, { ids: string[] }>, { ids }, { as });
        // plain columns come with the page (related objects may need their own statement);
        // a signed-in request also reads its session
        if (!/[{]|viewerVote|commentCount/.test(f)) expect(list.sqlStatements, f).toBe(as ? 2 : 1);
        expect(list.expectData().articles.nodes, `${f} as ${as?.role ?? 'anonymous'}`).toEqual(full.expectData().nodes);
      }
    }
  });
});

describe('Query.node / nodes', () => {
  it('resolves ids of every type; malformed or unknown ids are null', async () => {
    const a = await buildArticle({ title: 'Node me' });
    const u = await buildUser();
    const ghost = toGlobalId('Article', '00000000-0000-4000-8000-000000000000');
    const res = (await gql(NodesDocument, { ids: [a.gid, u.gid, 'garbage', ghost, 'VXNlcjpub3QtYS11dWlk'] })).expectData();
    expect(res.nodes.map((n) => n?.__typename ?? null)).toEqual(['Article', 'User', null, null, null]);
    const one = (await gql(NodeDocument, { id: a.gid })).expectData().node;
    expect(one).toMatchObject({ __typename: 'Article', title: 'Node me' });
  });

  it('more than 100 ids is BAD_USER_INPUT', async () => {
    (await gql(NodesDocument, { ids: Array.from({ length: 101 }, () => 'x') })).expectErrorCode('BAD_USER_INPUT');
  });
});
