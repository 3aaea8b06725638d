import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { createTestClient, createTestRouter, settle } from '../testing/client';
import { MODERATOR, viewerResult } from '../testing/thread';
import ModerationPage from './ModerationPage.vue';

const user = (id: string, handle: string, displayName: string) => ({ __typename: 'User' as const, id, handle, displayName });
const MO = user('VXNlcjoy', 'mo', 'Mo Derator');
const BEA = user('VXNlcjoz', 'bea', 'Bea Writer');
const article = { __typename: 'Article' as const, id: 'QXJ0aWNsZTox', slug: 'reset-password', title: 'Reset your password' };

/** Entries as `ModerationLogEntry_action`: an automatic hide (no moderator), Mo's dismissal of a report, Mo's suspension of Bea. */
const entries = [
  {
    __typename: 'ModerationAction', id: 'A1', action: 'HIDE_COMMENT', reason: 'OFF_TOPIC', createdAt: '2026-11-20T10:00:00.000Z',
    moderator: null, targetUser: BEA,
    target: { __typename: 'Comment', id: 'C1', body: 'Try turning it off and on again, then check the router lights please', status: 'HIDDEN', article },
  },
  {
    __typename: 'ModerationAction', id: 'A2', action: 'DISMISS_FLAG', reason: 'SPAM', createdAt: '2026-11-20T09:00:00.000Z',
    moderator: MO, targetUser: BEA,
    target: { __typename: 'Flag', id: 'F1', reason: 'SPAM', comment: { __typename: 'Comment', id: 'C2', body: '', status: 'DELETED', article } },
  },
  {
    __typename: 'ModerationAction', id: 'A3', action: 'SUSPEND_USER', reason: 'Cool off for a week', createdAt: '2026-11-20T08:00:00.000Z',
    moderator: MO, targetUser: BEA, target: BEA,
  },
];

function logResult(vars: Record<string, unknown>) {
  const shown = entries.filter((e) => !vars.action || e.action === vars.action);
  return {
    data: {
      moderationLog: {
        __typename: 'ModerationActionConnection',
        totalCount: shown.length,
        pageInfo: { __typename: 'PageInfo', hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
        edges: shown.map((node, i) => ({ __typename: 'ModerationActionEdge', cursor: `l${i}`, node })),
      },
      moderators: { __typename: 'UserConnection', nodes: [MO] },
      admins: { __typename: 'UserConnection', nodes: [user('VXNlcjo5', 'admin', 'Ada Admin')] },
      filterUser: vars.userNodeId === BEA.id ? BEA : null,
    },
  };
}

async function render(path: string) {
  const test = createTestClient({ AppViewer: () => viewerResult(MODERATOR), ModerationLogPage: logResult, ModerationQueueLive: () => new Promise(() => {}) });
  const router = createTestRouter(path);
  await router.isReady();
  const wrapper = mount(ModerationPage, { global: { plugins: [router], provide: test.provide } });
  await settle();
  const rows = () => wrapper.findAll('[data-testid="log-entry"]');
  const asked = () => test.calls.filter((c) => c.operationName === 'ModerationLogPage').map((c) => c.variables);
  return { wrapper, router, rows, asked };
}

describe('ModerationPage log', () => {
  it('shows who (or Automatic), what, the comment’s excerpt, its author, a link to it and the reason in words', async () => {
    const { rows } = await render('/moderation?tab=log');
    const [auto, dismissed, suspended] = rows();
    expect(auto!.get('[data-testid="log-moderator"]').text()).toBe('Automatic');
    expect(auto!.text()).toContain('hid a comment');
    expect(auto!.get('[data-testid="log-excerpt"]').text()).toBe('Try turning it off and on again, then check the router lights please');
    expect(auto!.get('[data-testid="log-author"]').text()).toBe('by Bea Writer @bea');
    expect(auto!.get('[data-testid="log-link"]').attributes('href')).toBe('/articles/reset-password#comment-C1');
    expect(auto!.get('[data-testid="log-reason"]').text()).toBe('Reason: Off topic');
    expect(auto!.text()).not.toContain('OFF_TOPIC');

    expect(dismissed!.get('[data-testid="log-moderator"]').text()).toBe('Mo Derator');
    expect(dismissed!.text()).toContain('A deleted comment');
    expect(dismissed!.get('[data-testid="log-reason"]').text()).toBe('Reason: Spam or advertising');
    expect(dismissed!.get('[data-testid="log-link"]').attributes('href')).toBe('/articles/reset-password#comment-C2');

    expect(suspended!.text()).toContain('suspended');
    expect(suspended!.text()).toContain('Bea Writer @bea');
    expect(suspended!.find('[data-testid="log-author"]').exists()).toBe(false);
    expect(suspended!.get('[data-testid="log-reason"]').text()).toBe('Reason: Cool off for a week');
  });

  it('filters live in the URL: read on load, written on change, and names offer filters', async () => {
    const { wrapper, router, rows, asked } = await render(`/moderation?tab=log&action=SUSPEND_USER&user=${BEA.id}`);
    expect(asked()[0]).toMatchObject({ action: 'SUSPEND_USER', userId: BEA.id, userNodeId: BEA.id });
    expect(rows()).toHaveLength(1);
    expect((wrapper.get('#log-action').element as HTMLSelectElement).value).toBe('SUSPEND_USER');
    expect(wrapper.get('[data-testid="log-user-filter"]').text()).toContain('Bea Writer (@bea)');

    await wrapper.get('#log-action').setValue('HIDE_COMMENT');
    await settle();
    expect(router.currentRoute.value.query).toEqual({ tab: 'log', action: 'HIDE_COMMENT', user: BEA.id });
    await wrapper.get('[data-testid="log-user-filter"] button').trigger('click');
    await settle();
    expect(router.currentRoute.value.query).toEqual({ tab: 'log', action: 'HIDE_COMMENT' });

    await wrapper.get('#log-moderator').setValue(MO.id);
    await settle();
    expect(router.currentRoute.value.query).toEqual({ tab: 'log', action: 'HIDE_COMMENT', moderator: MO.id });
    expect(asked().at(-1)).toMatchObject({ moderatorId: MO.id, action: 'HIDE_COMMENT' });
    expect(wrapper.findAll('#log-moderator option').map((o) => o.text())).toEqual(['Anyone', 'Ada Admin (@admin)', 'Mo Derator (@mo)']);

    await wrapper.get('#log-action').setValue('');
    await settle();
    await rows()[0]!.get('[data-testid="log-filter-user"]').trigger('click');
    await settle();
    expect(router.currentRoute.value.query).toEqual({ tab: 'log', moderator: MO.id, user: BEA.id });
  });
});
