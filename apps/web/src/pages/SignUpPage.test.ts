import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { createTestClient, createTestRouter, settle } from '../testing/client';
import SignUpPage from './SignUpPage.vue';

const WEAK = 'This password is too easy to guess. This is a heavily used password. Add more words that are less common.';

async function render(answer: Record<string, unknown>) {
  const test = createTestClient({ WebSignUp: () => answer });
  const router = createTestRouter('/signup');
  await router.isReady();
  const wrapper = mount(SignUpPage, { global: { plugins: [router], provide: test.provide }, attachTo: document.body });
  await wrapper.get('#signup-displayName').setValue('Jane Doe');
  await wrapper.get('#signup-handle').setValue('jane_doe');
  await wrapper.get('#signup-email').setValue('jane@example.com');
  await wrapper.get('#signup-password').setValue('password');
  await wrapper.get('form').trigger('submit');
  await settle();
  return wrapper;
}

describe('SignUpPage', () => {
  it("shows the server's password message once, next to the password field", async () => {
    const wrapper = await render({
      errors: [{ message: WEAK, extensions: { code: 'BAD_USER_INPUT', field: 'password', warning: 'This is a heavily used password.', suggestions: [] } }],
    });
    expect(wrapper.text().split(WEAK)).toHaveLength(2); // exactly once
    expect(wrapper.get('#signup-password-hint').text()).toBe(WEAK);
    expect(wrapper.get('#signup-password').attributes('aria-invalid')).toBe('true');
    expect(wrapper.find('.auth__summary').exists()).toBe(false);
    expect(document.activeElement?.id).toBe('signup-password');
    wrapper.unmount();
  });

  it('an error about no field shows in the summary', async () => {
    const wrapper = await render({ errors: [{ message: 'Too many requests. Try again in 5 s.', extensions: { code: 'RATE_LIMITED', retryAfter: 5 } }] });
    expect(wrapper.get('.auth__summary').text()).toContain('Please wait a moment');
    wrapper.unmount();
  });
});
