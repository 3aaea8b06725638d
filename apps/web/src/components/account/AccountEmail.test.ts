import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { createTestClient, createTestRouter, settle } from '../../testing/client';
import AccountEmail from './AccountEmail.vue';

const user = (over: Partial<{ email: string | null; emailVerified: boolean | null; pendingEmail: string | null }> = {}) => ({
  __typename: 'User' as const,
  id: 'U1',
  email: 'ada@example.com',
  emailVerified: false,
  pendingEmail: null,
  ...over,
});

async function render(props = user(), handlers: Parameters<typeof createTestClient>[0] = {}) {
  const test = createTestClient({
    WebResendVerificationEmail: () => ({ data: { resendVerificationEmail: { __typename: 'ResendVerificationEmailPayload', user: props } } }),
    ...handlers,
  });
  const router = createTestRouter('/account');
  await router.isReady();
  const wrapper = mount(AccountEmail, { props: { user: props }, global: { plugins: [router], provide: test.provide } });
  return { wrapper, test };
}

describe('AccountEmail', () => {
  it('asks an unverified account to verify, and sends the link again', async () => {
    const { wrapper, test } = await render();
    expect(wrapper.text()).toContain('Not verified');
    const banner = wrapper.get('[data-testid="verify-banner"]');
    expect(banner.text()).toContain('Verify your email address');
    await banner.get('button').trigger('click');
    await settle();
    expect(test.calls.at(-1)).toMatchObject({ operationName: 'WebResendVerificationEmail' });
    expect(wrapper.text()).toContain('Sent. The new link replaces the older one.');
  });

  it('shows a verified address without a banner, and a pending new address', async () => {
    expect((await render(user({ emailVerified: true }))).wrapper.find('[data-testid="verify-banner"]').exists()).toBe(false);
    const { wrapper } = await render(user({ emailVerified: true, pendingEmail: 'new@example.com' }));
    expect(wrapper.text()).toContain('Verified');
    expect(wrapper.get('[data-testid="pending-email"]').text()).toContain('Waiting for new@example.com');
  });

  it('asks for the current password to change the address, showing a wrong one next to its field', async () => {
    const { wrapper, test } = await render(user({ emailVerified: true }), {
      WebChangeEmail: () => ({
        errors: [{ message: 'The current password is not right.', extensions: { code: 'BAD_USER_INPUT', field: 'currentPassword', reason: 'WRONG_PASSWORD' } }],
      }),
    });
    await wrapper.get('.account-form__view button').trigger('click');
    await wrapper.get('#new-email').setValue('new@example.com');
    await wrapper.get('#email-current-password').setValue('not it');
    await wrapper.get('form').trigger('submit');
    await settle();
    expect(test.calls.at(-1)).toMatchObject({ operationName: 'WebChangeEmail', variables: { input: { newEmail: 'new@example.com', currentPassword: 'not it' } } });
    expect(wrapper.get('#email-current-password-help').text()).toBe('The current password is not right.');
    expect(wrapper.get('#email-current-password').attributes('aria-invalid')).toBe('true');
  });
});
