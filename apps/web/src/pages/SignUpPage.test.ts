import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { createTestClient, createTestRouter, settle } from '../testing/client';
import SignUpPage from './SignUpPage.vue';

const WEAK = 'This password is too easy to guess. This is a heavily used password. Add more words that are less common.';

async function render(answer: Record<string, unknown>, password = 'password') {
  const test = createTestClient({ WebSignUp: () => answer });
  const router = createTestRouter('/signup');
  await router.isReady();
  const wrapper = mount(SignUpPage, { global: { plugins: [router], provide: test.provide }, attachTo: document.body });
  await wrapper.get('#signup-displayName').setValue('Jane Doe');
  await wrapper.get('#signup-handle').setValue('jane_doe');
  await wrapper.get('#signup-email').setValue('jane@example.com');
  await wrapper.get('#signup-password').setValue(password);
  await wrapper.get('form').trigger('submit');
  await settle();
  return Object.assign(wrapper, { calls: test.calls });
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

  it('refuses a 5-character password in the form: one message next to the field, nothing sent', async () => {
    const wrapper = await render({ data: null }, 'abc12');
    expect(wrapper.calls).toEqual([]);
    expect(wrapper.get('#signup-password-hint').text()).toBe('Use at least 8 characters.');
    expect(wrapper.text().split('Use at least 8 characters.')).toHaveLength(2);
    expect(wrapper.get('#signup-password').attributes('aria-invalid')).toBe('true');
    expect(document.activeElement?.id).toBe('signup-password');
    // fixed as they type: the hint is back
    await wrapper.get('#signup-password').setValue('a much longer passphrase');
    expect(wrapper.get('#signup-password-hint').text()).toContain('At least 8 characters');
    wrapper.unmount();
  });

  it.each([
    ['x'.repeat(257), 'Use at most 256 characters.'],
    ['        ', 'The password cannot be only spaces.'],
  ])('the server’s other length rules hold in the form too', async (password, message) => {
    const wrapper = await render({ data: null }, password);
    expect(wrapper.calls).toEqual([]);
    expect(wrapper.get('#signup-password-hint').text()).toBe(message);
    wrapper.unmount();
  });

  it('counts characters as the server does (8 emoji are 8 characters)', async () => {
    const wrapper = await render({ errors: [{ message: WEAK, extensions: { code: 'BAD_USER_INPUT', field: 'password' } }] }, '🔑'.repeat(8));
    expect(wrapper.calls.map((c) => c.operationName)).toEqual(['WebSignUp']);
    wrapper.unmount();
  });

  it('checks every field against the server’s rules, first invalid focused', async () => {
    const test = createTestClient({});
    const router = createTestRouter('/signup');
    await router.isReady();
    const wrapper = mount(SignUpPage, { global: { plugins: [router], provide: test.provide }, attachTo: document.body });
    await wrapper.get('#signup-handle').setValue('ab');
    await wrapper.get('#signup-email').setValue('not-an-address');
    await wrapper.get('form').trigger('submit');
    await settle();
    expect(test.calls).toEqual([]);
    expect(wrapper.get('#signup-displayName-hint').text()).toBe('Enter your name.');
    expect(wrapper.get('#signup-handle-hint').text()).toBe('Use 3–30 letters, digits, _ or -.');
    expect(wrapper.get('#signup-email-hint').text()).toBe('Enter an email address like name@example.com.');
    expect(wrapper.findAll('.field__error')).toHaveLength(4);
    expect(document.activeElement?.id).toBe('signup-displayName');
    wrapper.unmount();
  });

  it("the server's message about a field goes once it is edited", async () => {
    const wrapper = await render({
      errors: [{ message: WEAK, extensions: { code: 'BAD_USER_INPUT', field: 'password' } }],
    });
    expect(wrapper.get('#signup-password-hint').text()).toBe(WEAK);
    await wrapper.get('#signup-password').setValue('password plus words');
    expect(wrapper.text()).not.toContain(WEAK);
    wrapper.unmount();
  });
});
