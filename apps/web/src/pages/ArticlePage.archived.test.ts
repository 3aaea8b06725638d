import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { createTestClient, createTestRouter, settle } from '../testing/client';
import ArticlePage from './ArticlePage.vue';

async function render(archivedArticle: unknown) {
  const test = createTestClient({
    ArticlePage: () => ({ data: { article: null } }),
    ArchivedArticle: () => ({ data: { archivedArticle } }),
    AppViewer: () => ({ data: { viewer: null } }),
  });
  const router = createTestRouter('/articles/old-guide');
  await router.isReady();
  const wrapper = mount(ArticlePage, { global: { plugins: [router], provide: test.provide } });
  await settle(6);
  return { wrapper, router, test };
}

describe('ArticlePage for an archived article (readers)', () => {
  it('sends readers to the replacement with router.replace', async () => {
    const { router } = await render({
      __typename: 'ArchivedArticle',
      slug: 'old-guide',
      redirectTo: { __typename: 'Article', id: 'A2', slug: 'new-guide', title: 'New guide' },
    });
    expect(router.currentRoute.value.fullPath).toBe('/articles/new-guide');
  });

  it('without a replacement says it was archived (not a 404)', async () => {
    const { wrapper, router } = await render({ __typename: 'ArchivedArticle', slug: 'old-guide', redirectTo: null });
    expect(wrapper.get('h1').text()).toBe('This article was archived');
    expect(wrapper.text()).not.toContain('404');
    expect(router.currentRoute.value.fullPath).toBe('/articles/old-guide');
  });

  it('an unknown slug stays a "not found" page', async () => {
    const { wrapper } = await render(null);
    expect(wrapper.get('h1').text()).toContain('We can’t find that article');
  });
});
