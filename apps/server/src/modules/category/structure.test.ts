import { describe, expect, it } from 'vitest';
import {
  ArchivedArticleDocument,
  ArticleDocument,
  CategoryBySlugDocument,
  CreateCategoryDocument,
  DeleteCategoryDocument,
  DeleteSectionDocument,
  PublishArticleDocument,
  ReorderCategoriesDocument,
  ReorderSectionsDocument,
  SectionBySlugDocument,
  SetArticleRedirectDocument,
  UpdateArticleDocument,
  UpdateCategoryDocument,
  UpdateSectionDocument,
} from '@atrium/schema';
import { buildArticle, buildCategory, buildSection, buildUser, type TestUser } from '../../../test/factories.js';
import { app, gql, sql, useTestApp } from '../../../test/harness.js';
import { toGlobalId } from '../../graphql/global-id.js';

useTestApp();

let adminUser: TestUser | null = null;
const admin = async () => (adminUser ??= await buildUser({ role: 'ADMIN' }));
const slugOf = async (table: 'categories' | 'sections', id: string) => (await sql<{ slug: string }>(`select slug from ${table} where id = $1`, [id]))[0].slug;

/** GET a page without following redirects. */
async function page(path: string, as?: TestUser) {
  const res = await fetch(`${app().url}${path}`, { redirect: 'manual', headers: as ? { authorization: `Bearer ${as.token}` } : {} });
  return { status: res.status, location: res.headers.get('location') };
}

describe('Mutation.updateCategory', () => {
  it('renames, describes and re-slugs; the old slug still finds it and answers 301', async () => {
    const c = await buildCategory();
    const old = await slugOf('categories', c.id);
    const { category } = (
      await gql(UpdateCategoryDocument, { input: { categoryId: c.gid, name: '  Billing  ', slug: 'billing-new', description: 'Money' } }, { as: await admin() })
    ).expectData().updateCategory;
    expect(category).toMatchObject({ name: 'Billing', slug: 'billing-new', description: 'Money' });
    const byOld = (await gql(CategoryBySlugDocument, { slug: old })).expectData().category;
    expect(byOld).toMatchObject({ id: c.gid, slug: 'billing-new' });
    expect(await page(`/categories/${old}?x=1`)).toEqual({ status: 301, location: '/categories/billing-new?x=1' });
    expect((await page('/categories/billing-new')).status).not.toBe(301);
    // an empty description removes it
    const cleared = (await gql(UpdateCategoryDocument, { input: { categoryId: c.gid, description: '' } }, { as: await admin() })).expectData();
    expect(cleared.updateCategory.category.description).toBeNull();
  });

  it('a slug given to a new item wins over history', async () => {
    const a = await buildCategory();
    const old = await slugOf('categories', a.id);
    (await gql(UpdateCategoryDocument, { input: { categoryId: a.gid, slug: `${old}-renamed` } }, { as: await admin() })).expectData();
    const b = (await gql(CreateCategoryDocument, { input: { name: 'Newcomer', slug: old } }, { as: await admin() })).expectData().createCategory.category;
    expect((await gql(CategoryBySlugDocument, { slug: old })).expectData().category?.id).toBe(b.id);
    expect((await page(`/categories/${old}`)).status).not.toBe(301);
  });

  it.each([
    ['name', { name: '   ' }],
    ['slug', { slug: 'Not A Slug' }],
    ['description', { description: 'x'.repeat(501) }],
  ])('bad %s is BAD_USER_INPUT and changes nothing', async (field, patch) => {
    const c = await buildCategory({ name: 'Stays' });
    const res = await gql(UpdateCategoryDocument, { input: { categoryId: c.gid, ...patch } }, { as: await admin() });
    expect(res.expectErrorCode('BAD_USER_INPUT').extensions?.field).toBe(field);
    expect((await sql('select name from categories where id = $1', [c.id]))[0]).toEqual({ name: 'Stays' });
  });

  it('a taken slug is BAD_USER_INPUT, nothing half-written (no history row); an unknown id NOT_FOUND', async () => {
    const [a, b] = [await buildCategory(), await buildCategory()];
    const taken = await slugOf('categories', b.id);
    (await gql(UpdateCategoryDocument, { input: { categoryId: a.gid, slug: taken } }, { as: await admin() })).expectErrorCode('BAD_USER_INPUT');
    expect(await sql('select 1 from category_slug_history where category_id = $1', [a.id])).toHaveLength(0);
    const ghost = toGlobalId('Category', '00000000-0000-4000-8000-000000000000');
    (await gql(UpdateCategoryDocument, { input: { categoryId: ghost, name: 'x' } }, { as: await admin() })).expectErrorCode('NOT_FOUND');
  });
});

describe('Mutation.updateSection', () => {
  it('moves a section to another category (last) and keeps its old slug working', async () => {
    const target = await buildCategory();
    const existing = await buildSection({ category: target });
    const s = await buildSection();
    const { section } = (
      await gql(UpdateSectionDocument, { input: { sectionId: s.gid, categoryId: target.gid, slug: `${s.slug}-moved` } }, { as: await admin() })
    ).expectData().updateSection;
    expect(section.category.id).toBe(target.gid);
    const [{ position: first }] = await sql<{ position: number }>('select position from sections where id = $1', [existing.id]);
    expect(section.position).toBe(first + 1);
    expect((await gql(SectionBySlugDocument, { slug: s.slug })).expectData().section).toMatchObject({ id: s.gid, slug: `${s.slug}-moved` });
    expect(await page(`/sections/${s.slug}`)).toEqual({ status: 301, location: `/sections/${s.slug}-moved` });
  });
});

describe('Mutation.reorderCategories / reorderSections', () => {
  it('applies a complete new order; a stale list is BAD_USER_INPUT (STALE_ORDER) and changes nothing', async () => {
    await buildCategory();
    const ids = (await sql<{ id: string }>('select id from categories order by position, name, id')).map((r) => toGlobalId('Category', r.id));
    const reversed = [...ids].reverse();
    const { categories } = (await gql(ReorderCategoriesDocument, { input: { categoryIds: reversed } }, { as: await admin() })).expectData().reorderCategories;
    expect(categories.map((c) => c.id)).toEqual(reversed);
    expect(categories.map((c) => c.position)).toEqual(reversed.map((_, i) => i));
    const res = await gql(ReorderCategoriesDocument, { input: { categoryIds: reversed.slice(1) } }, { as: await admin() });
    expect(res.expectErrorCode('BAD_USER_INPUT').extensions).toMatchObject({ reason: 'STALE_ORDER', field: 'categoryIds' });
    const dup = await gql(ReorderCategoriesDocument, { input: { categoryIds: [...reversed.slice(1), reversed[1]] } }, { as: await admin() });
    dup.expectErrorCode('BAD_USER_INPUT');
  });

  it('reorders the sections of a category', async () => {
    const category = await buildCategory();
    const [a, b, c] = [await buildSection({ category }), await buildSection({ category }), await buildSection({ category })];
    const res = await gql(ReorderSectionsDocument, { input: { categoryId: category.gid, sectionIds: [c.gid, a.gid, b.gid] } }, { as: await admin() });
    expect(res.expectData().reorderSections.category.sections.map((s) => s.id)).toEqual([c.gid, a.gid, b.gid]);
    // a section of another category does not belong in the list
    const other = await buildSection();
    (await gql(ReorderSectionsDocument, { input: { categoryId: category.gid, sectionIds: [c.gid, a.gid, other.gid] } }, { as: await admin() })).expectErrorCode(
      'BAD_USER_INPUT',
    );
  });
});

describe('Mutation.deleteSection', () => {
  it('deletes an empty section', async () => {
    const s = await buildSection();
    const res = (await gql(DeleteSectionDocument, { input: { sectionId: s.gid } }, { as: await admin() })).expectData().deleteSection;
    expect(res.deletedSectionId).toBe(s.gid);
    expect(res.category.sections.map((x) => x.id)).not.toContain(s.gid);
    expect(await sql('select 1 from sections where id = $1', [s.id])).toHaveLength(0);
  });

  it.each(['DRAFT', 'ARCHIVED', 'PUBLISHED'] as const)('refuses a section holding a %s article (SECTION_NOT_EMPTY), nothing changes', async (status) => {
    const s = await buildSection();
    await buildArticle({ section: s, status });
    const err = (await gql(DeleteSectionDocument, { input: { sectionId: s.gid } }, { as: await admin() })).expectErrorCode('BAD_USER_INPUT');
    expect(err.extensions).toMatchObject({ reason: 'SECTION_NOT_EMPTY', articleCount: 1, field: 'moveArticlesTo' });
    expect(await sql('select 1 from sections where id = $1', [s.id])).toHaveLength(1);
  });

  it('moves every article (after the target’s own, in order) and hands the old URLs over', async () => {
    const from = await buildSection();
    const to = await buildSection();
    await buildArticle({ section: to, position: 0 });
    const a1 = await buildArticle({ section: from, position: 0, status: 'DRAFT' });
    const a2 = await buildArticle({ section: from, position: 1, status: 'ARCHIVED' });
    const res = (await gql(DeleteSectionDocument, { input: { sectionId: from.gid, moveArticlesTo: to.gid } }, { as: await admin() })).expectData().deleteSection;
    expect(res.movedTo).toMatchObject({ id: to.gid, articleCount: 3 });
    const rows = await sql<{ id: string; position: number }>('select id, position from articles where section_id = $1 order by position', [to.id]);
    expect(rows.slice(1).map((r) => r.id)).toEqual([a1.id, a2.id]);
    expect(rows.map((r) => r.position)).toEqual([0, 1, 2]);
    expect((await gql(SectionBySlugDocument, { slug: from.slug })).expectData().section?.id).toBe(to.gid);
    expect(await page(`/sections/${from.slug}`)).toEqual({ status: 301, location: `/sections/${await slugOf('sections', to.id)}` });
  });

  it('moveArticlesTo itself is BAD_USER_INPUT; an unknown target NOT_FOUND', async () => {
    const s = await buildSection();
    (await gql(DeleteSectionDocument, { input: { sectionId: s.gid, moveArticlesTo: s.gid } }, { as: await admin() })).expectErrorCode('BAD_USER_INPUT');
    const ghost = toGlobalId('Section', '00000000-0000-4000-8000-000000000000');
    (await gql(DeleteSectionDocument, { input: { sectionId: s.gid, moveArticlesTo: ghost } }, { as: await admin() })).expectErrorCode('NOT_FOUND');
  });
});

describe('Mutation.deleteCategory', () => {
  it('refuses a category with sections (CATEGORY_NOT_EMPTY); with moveSectionsTo moves them and its URLs', async () => {
    const from = await buildCategory();
    const s = await buildSection({ category: from });
    await buildArticle({ section: s });
    const to = await buildCategory();
    const err = (await gql(DeleteCategoryDocument, { input: { categoryId: from.gid } }, { as: await admin() })).expectErrorCode('BAD_USER_INPUT');
    expect(err.extensions).toMatchObject({ reason: 'CATEGORY_NOT_EMPTY', sectionCount: 1 });
    const oldSlug = await slugOf('categories', from.id);
    const res = (await gql(DeleteCategoryDocument, { input: { categoryId: from.gid, moveSectionsTo: to.gid } }, { as: await admin() })).expectData().deleteCategory;
    expect(res).toMatchObject({ deletedCategoryId: from.gid, movedTo: { id: to.gid } });
    expect(res.movedTo?.sections.map((x) => x.id)).toEqual([s.gid]);
    expect((await gql(CategoryBySlugDocument, { slug: oldSlug })).expectData().category?.id).toBe(to.gid);
  });

  it('deletes an empty category', async () => {
    const c = await buildCategory();
    (await gql(DeleteCategoryDocument, { input: { categoryId: c.gid } }, { as: await admin() })).expectData();
    expect(await sql('select 1 from categories where id = $1', [c.id])).toHaveLength(0);
  });
});

describe('article slugs and archived articles', () => {
  it('a changed article slug keeps finding it (API and 301, /edit too)', async () => {
    const agent = await buildUser({ role: 'AGENT' });
    const a = await buildArticle();
    (await gql(UpdateArticleDocument, { input: { articleId: a.gid, slug: `${a.slug}-v2` } }, { as: agent })).expectData();
    expect((await gql(ArticleDocument, { slug: a.slug })).expectData().article).toMatchObject({ id: a.gid, slug: `${a.slug}-v2` });
    expect(await page(`/articles/${a.slug}`)).toEqual({ status: 301, location: `/articles/${a.slug}-v2` });
    expect(await page(`/articles/${a.slug}/edit`)).toEqual({ status: 301, location: `/articles/${a.slug}-v2/edit` });
  });

  it('archived with a redirect target: readers are sent there (API and 301), staff still see it', async () => {
    const agent = await buildUser({ role: 'AGENT' });
    const old = await buildArticle();
    const target = await buildArticle();
    const { article } = (await gql(SetArticleRedirectDocument, { input: { articleId: old.gid, redirectToId: target.gid } }, { as: agent })).expectData().setArticleRedirect;
    expect(article).toMatchObject({ status: 'ARCHIVED', redirectTo: { id: target.gid } });
    expect((await gql(ArticleDocument, { slug: old.slug })).expectData().article).toBeNull();
    expect((await gql(ArchivedArticleDocument, { slug: old.slug })).expectData().archivedArticle).toEqual({
      slug: old.slug,
      redirectTo: { id: target.gid, slug: target.slug, title: expect.any(String) },
    });
    expect(await page(`/articles/${old.slug}`)).toEqual({ status: 301, location: `/articles/${target.slug}` });
    expect((await page(`/articles/${old.slug}`, agent)).status).not.toBe(301);
    expect((await gql(ArticleDocument, { slug: old.slug }, { as: agent })).expectData().article?.status).toBe('ARCHIVED');

    // the target archived in turn to a third: readers follow the chain
    const third = await buildArticle();
    (await gql(SetArticleRedirectDocument, { input: { articleId: target.gid, redirectToId: third.gid } }, { as: agent })).expectData();
    expect((await gql(ArchivedArticleDocument, { slug: old.slug })).expectData().archivedArticle?.redirectTo?.id).toBe(third.gid);

    // published again: no redirect any more
    (await gql(PublishArticleDocument, { input: { articleId: old.gid } }, { as: agent })).expectData();
    expect((await gql(ArchivedArticleDocument, { slug: old.slug })).expectData().archivedArticle).toBeNull();
    expect((await page(`/articles/${old.slug}`)).status).not.toBe(301);
  });

  it('archived without a target: archivedArticle says so (no redirect); drafts stay invisible', async () => {
    const agent = await buildUser({ role: 'AGENT' });
    const a = await buildArticle();
    (await gql(SetArticleRedirectDocument, { input: { articleId: a.gid, redirectToId: null } }, { as: agent })).expectData();
    expect((await gql(ArchivedArticleDocument, { slug: a.slug })).expectData().archivedArticle).toEqual({ slug: a.slug, redirectTo: null });
    const draft = await buildArticle({ status: 'DRAFT' });
    expect((await gql(ArchivedArticleDocument, { slug: draft.slug })).expectData().archivedArticle).toBeNull();
  });

  it('refuses a target that is itself or not published, and changes nothing', async () => {
    const agent = await buildUser({ role: 'AGENT' });
    const a = await buildArticle();
    const draft = await buildArticle({ status: 'DRAFT' });
    const self = await gql(SetArticleRedirectDocument, { input: { articleId: a.gid, redirectToId: a.gid } }, { as: agent });
    expect(self.expectErrorCode('BAD_USER_INPUT').extensions?.field).toBe('redirectToId');
    const notPublished = await gql(SetArticleRedirectDocument, { input: { articleId: a.gid, redirectToId: draft.gid } }, { as: agent });
    expect(notPublished.expectErrorCode('BAD_USER_INPUT').extensions?.reason).toBe('TARGET_NOT_PUBLISHED');
    expect((await sql('select status, redirect_to_id from articles where id = $1', [a.id]))[0]).toEqual({ status: 'PUBLISHED', redirect_to_id: null });
  });
});
