import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { createTestClient, settle } from '../testing/client';
import UserProfilePage from './UserProfilePage.vue';

function profile(over: Record<string, unknown> = {}) {
  return {
    __typename: 'User',
    id: 'VXNlcjox',
    handle: 'ada',
    displayName: 'Ada Agent',
    role: 'AGENT',
    isStaff: true,
    status: 'ACTIVE',
    createdAt: '2025-03-01T10:00:00.000Z',
    commentCount: 1,
    recentComments: {
      __typename: 'CommentConnection',
      pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: 'c1' },
      edges: [
        {
          __typename: 'CommentEdge',
          cursor: 'c1',
          node: {
            __typename: 'Comment',
            id: 'Q29tbWVudDox',
            bodyHtml: '<p>Try clearing the cache.</p>',
            createdAt: '2026-11-20T10:00:00.000Z',
            article: { __typename: 'Article', id: 'QXJ0aWNsZTox', slug: 'reset-password', title: 'Reset your password' },
          },
        },
      ],
    },
    ...over,
  };
}

async function render(user: Record<string, unknown> | null) {
  const test = createTestClient({ UserProfilePage: () => ({ data: { user } }) });
  const stub = { template: '<div />' };
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/users/:handle', component: stub },
      { path: '/:pathMatch(.*)*', component: stub },
    ],
  });
  await router.push('/users/ada');
  const wrapper = mount(UserProfilePage, { global: { plugins: [router], provide: test.provide } });
  await settle();
  return { wrapper, test };
}

describe('UserProfilePage', () => {
  it('shows name, handle, role badge for staff, joined date, comment count and comments linked to their anchors', async () => {
    const { wrapper, test } = await render(profile());
    expect(test.calls[0]).toMatchObject({ operationName: 'UserProfilePage', variables: { handle: 'ada' } });
    expect(wrapper.get('h1').text()).toContain('Ada Agent');
    expect(wrapper.get('[data-testid="role-badge"]').text()).toBe('Agent');
    expect(wrapper.text()).toContain('@ada');
    expect(wrapper.text()).toContain('Joined');
    expect(wrapper.get('[data-testid="comment-count"]').text()).toBe('1 comment');
    const link = wrapper.get('a[href="/articles/reset-password#comment-Q29tbWVudDox"]');
    expect(link.text()).toBe('Reset your password');
    expect(wrapper.text()).toContain('Try clearing the cache.');
  });

  it('shows no badge for members, a note for banned accounts, and an empty state without comments', async () => {
    const empty = { __typename: 'CommentConnection', pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: null }, edges: [] };
    const { wrapper } = await render(profile({ role: 'MEMBER', isStaff: false, status: 'BANNED', commentCount: 0, recentComments: empty }));
    expect(wrapper.find('[data-testid="role-badge"]').exists()).toBe(false);
    expect(wrapper.text()).toContain('This account has been banned');
    expect(wrapper.text()).toContain('hasn’t commented yet');
  });

  it('shows the not-found page for an unknown handle', async () => {
    const { wrapper } = await render(null);
    expect(wrapper.get('h1').text()).toBe('We can’t find that person');
  });
});
