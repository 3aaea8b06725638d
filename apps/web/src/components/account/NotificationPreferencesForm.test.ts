import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { createTestClient, settle } from '../../testing/client';
import NotificationPreferencesForm from './NotificationPreferencesForm.vue';

const prefs = (replies: string, follows: string, moderation: string) => ({ __typename: 'NotificationPreferences' as const, replies, follows, moderation });
const user = (p = prefs('INSTANTLY', 'DAILY', 'INSTANTLY')) => ({ __typename: 'User' as const, id: 'U1', notificationPreferences: p });

function render(answer: (v: Record<string, unknown>) => unknown = (v) => {
  const input = v.input as Record<string, string>;
  const p = prefs(input.replies, input.follows, input.moderation);
  return { data: { updateNotificationPreferences: { __typename: 'UpdateNotificationPreferencesPayload', notificationPreferences: p, user: user(p) } } };
}) {
  const test = createTestClient({ UpdateNotificationPreferences: answer as never });
  const wrapper = mount(NotificationPreferencesForm, { props: { user: user() as never }, global: { provide: test.provide } });
  return { wrapper, test };
}

describe('NotificationPreferencesForm', () => {
  it('shows the current choice per topic, labelled, and saves only after a change', async () => {
    const { wrapper, test } = render();
    expect(wrapper.get('h2').text()).toBe('Email notifications');
    const replies = wrapper.get<HTMLSelectElement>('#email-pref-replies');
    expect(replies.element.value).toBe('INSTANTLY');
    expect(wrapper.get<HTMLSelectElement>('#email-pref-follows').element.value).toBe('DAILY');
    expect(wrapper.get('label[for="email-pref-moderation"]').text()).toBe('Moderation of my comments');
    const save = wrapper.get('button[type="submit"]');
    expect(save.attributes('disabled')).toBeDefined();
    await wrapper.get('#email-pref-follows').setValue('WEEKLY');
    await wrapper.get('#email-pref-replies').setValue('NEVER');
    expect(save.attributes('disabled')).toBeUndefined();
    await wrapper.get('form').trigger('submit');
    await settle();
    expect(test.calls.at(-1)).toMatchObject({
      operationName: 'UpdateNotificationPreferences',
      variables: { input: { replies: 'NEVER', follows: 'WEEKLY', moderation: 'INSTANTLY' } },
    });
    expect(wrapper.get('[role="status"]').text()).toBe('Saved.');
  });

  it('shows a refusal (a suspended account) next to the form', async () => {
    const { wrapper } = render(() => ({ errors: [{ message: 'Your account is suspended.', extensions: { code: 'FORBIDDEN' } }] }));
    await wrapper.get('#email-pref-moderation').setValue('NEVER');
    await wrapper.get('form').trigger('submit');
    await settle();
    expect(wrapper.get('[role="alert"]').text()).toContain('suspended');
  });
});
