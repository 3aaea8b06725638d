import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { createTestClient, createTestRouter, deferred, settle } from '../testing/client';
import SectionPage from './SectionPage.vue';

function article(n: number) {
  return {
    __typename: 'Article',
    id: `A${n}`,
    slug: `article-${n}`,
    title: `Article ${n}`,
    excerpt: `About ${n}`,
    status: 'PUBLISHED',
    labels: [],
    promoted: false,
    updatedAt: '2026-11-20T10:00:00.000Z',
    helpfulCount: 1,
    voteCount: 2,
  };
}

function sectionResult(ids: number[], total: number, hasNextPage: boolean) {
  return {
    data: {
      section: {
        __typename: 'Section',
        id: 'S1',
        slug: 'billing',
        name: 'Billing',
        description: 'Plans and invoices',
        category: { __typename: 'Category', id: 'C1', slug: 'account', name: 'Account' },
        articles: {
          __typename: 'ArticleConnection',
          totalCount: total,
          pageInfo: { __typename: 'PageInfo', hasNextPage, endCursor: ids.length ? `c${ids[ids.length - 1]}` : null },
          edges: ids.map((n) => ({ __typename: 'ArticleEdge', cursor: `c${n}`, node: article(n) })),
        },
      },
    },
  };
}

async function render(handler: Parameters<typeof createTestClient>[0][string]) {
  const test = createTestClient({
    SectionPage: handler,
    AppViewer: () => ({ data: { viewer: null } }),
  });
  const router = createTestRouter('/sections/billing');
  await router.isReady();
  const wrapper = mount(SectionPage, { global: { plugins: [router], provide: test.provide } });
  return { wrapper, test, router };
}

describe('SectionPage', () => {
  it('shows a loading state until the section arrives', async () => {
    const gate = deferred<ReturnType<typeof sectionResult>>();
    const { wrapper } = await render(() => gate.promise);
    expect(wrapper.get('[role="status"]').attributes('aria-busy')).toBe('true');
    expect(wrapper.text()).toContain('Loading section…');
    gate.resolve(sectionResult([1], 1, false));
    await settle();
    expect(wrapper.find('[role="status"][aria-busy="true"]').exists()).toBe(false);
    expect(wrapper.get('h1').text()).toBe('Billing');
  });

  it('shows the articles and appends the next page on "Load more"', async () => {
    const { wrapper, test } = await render((vars) =>
      vars.after ? sectionResult([11, 12], 12, false) : sectionResult([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 12, true),
    );
    await settle();
    expect(wrapper.get('h1').text()).toBe('Billing');
    expect(wrapper.findAll('.article-card')).toHaveLength(10);
    expect(wrapper.text()).toContain('Showing 10 of 12 articles');

    await wrapper.get('.pagination button').trigger('click');
    await settle();
    expect(test.calls.filter((c) => c.operationName === 'SectionPage').map((c) => c.variables.after)).toEqual([undefined, 'c10']);
    expect(wrapper.findAll('.article-card')).toHaveLength(12);
    expect(wrapper.text()).toContain('Showing 12 of 12 articles');
    expect(wrapper.find('.pagination button').exists()).toBe(false);
  });

  it('refetches with the chosen order and keeps it in the URL', async () => {
    const { wrapper, test, router } = await render(() => sectionResult([1, 2], 2, false));
    await settle();
    await wrapper.get('select#sort').setValue('NEWEST');
    await settle();
    expect(router.currentRoute.value.query.sort).toBe('newest');
    expect(test.calls.filter((c) => c.operationName === 'SectionPage').map((c) => c.variables.orderBy)).toEqual(['POSITION', 'NEWEST']);
  });

  it('has an empty state', async () => {
    const { wrapper } = await render(() => sectionResult([], 0, false));
    await settle();
    expect(wrapper.text()).toContain('No articles in this section yet');
  });

  it('shows the 404 page for an unknown section', async () => {
    const { wrapper } = await render(() => ({ data: { section: null } }));
    await settle();
    expect(wrapper.get('h1').text()).toBe('We can’t find that section');
  });

  it('shows an error state with a working retry', async () => {
    let fail = true;
    const { wrapper } = await render(() =>
      fail ? { errors: [{ message: 'boom', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] } : sectionResult([1], 1, false),
    );
    await settle();
    expect(wrapper.get('[role="alert"]').text()).toContain('Something went wrong on our side.');
    fail = false;
    await wrapper.get('[role="alert"] button').trigger('click');
    await settle();
    expect(wrapper.findAll('.article-card')).toHaveLength(1);
  });
});
