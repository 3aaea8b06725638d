import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { createTestClient, createTestRouter, settle } from '../../testing/client';
import AccountSessions from './AccountSessions.vue';

const session = (id: string, device: string, isCurrent = false) => ({
  __typename: 'Session' as const,
  id,
  device,
  ip: '203.0.113.7',
  createdAt: '2026-11-01T10:00:00.000Z',
  lastUsedAt: '2026-11-20T10:00:00.000Z',
  isCurrent,
});

async function render() {
  const test = createTestClient({
    WebRevokeSession: (v) => ({ data: { revokeSession: { __typename: 'RevokeSessionPayload', session: { __typename: 'Session', id: (v.input as { sessionId: string }).sessionId } } } }),
    WebSignOutEverywhere: () => ({ data: { signOutEverywhere: { __typename: 'SignOutEverywherePayload', revokedSessionCount: 1 } } }),
  });
  const router = createTestRouter('/');
  await router.isReady();
  const sessions = [session('S1', 'Chrome on Linux', true), session('S2', 'Safari on iPhone')];
  const wrapper = mount(AccountSessions, { props: { sessions }, global: { plugins: [router], provide: test.provide } });
  return { wrapper, test };
}

describe('AccountSessions', () => {
  it('lists sessions with the current one marked and no sign-out button for it', async () => {
    const { wrapper } = await render();
    const rows = wrapper.findAll('[data-testid="session"]');
    expect(rows).toHaveLength(2);
    expect(rows[0].text()).toContain('This device');
    expect(rows[0].find('button').exists()).toBe(false);
    expect(rows[1].text()).toContain('Safari on iPhone');
    expect(rows[1].text()).toContain('203.0.113.7');
  });

  it('signs one session out, or every other one, and asks the page to refresh', async () => {
    const { wrapper, test } = await render();
    await wrapper.findAll('[data-testid="session"]')[1].get('button').trigger('click');
    await settle();
    expect(test.calls.at(-1)).toMatchObject({ operationName: 'WebRevokeSession', variables: { input: { sessionId: 'S2' } } });
    expect(wrapper.text()).toContain('Safari on iPhone was signed out.');
    await wrapper.get('button.btn--danger').trigger('click');
    await settle();
    expect(test.calls.at(-1)).toMatchObject({ operationName: 'WebSignOutEverywhere' });
    expect(wrapper.emitted('changed')).toHaveLength(2);
  });
});
