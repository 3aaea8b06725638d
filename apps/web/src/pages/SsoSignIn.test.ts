import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { createTestClient, createTestRouter, settle } from '../testing/client';
import SsoSignIn from '../components/account/SsoSignIn.vue';
import SignInPage from './SignInPage.vue';
import SsoErrorPage from './SsoErrorPage.vue';

const OPTIONS = { __typename: 'SignInOptions' as const, oidc: { __typename: 'OidcSignInOption' as const, label: 'Acme ID', startUrl: '/auth/oidc/start' }, staffMustUseOidc: false };

async function page(component: typeof SignInPage, path: string, options: unknown) {
  const test = createTestClient({
    SignInPage: () => ({ data: { signInOptions: options } }),
    SsoErrorPage: () => ({ data: { signInOptions: options } }),
  });
  const router = createTestRouter(path);
  router.addRoute({ path: '/signin/sso-error', name: 'sso-error', component: { template: '<div />' } });
  if (!router.hasRoute('forgot-password')) router.addRoute({ path: '/forgot-password', name: 'forgot-password', component: { template: '<div />' } });
  await router.replace(path);
  await router.isReady();
  const wrapper = mount(component, { global: { plugins: [router], provide: test.provide } });
  await settle();
  return wrapper;
}

describe('SsoSignIn', () => {
  it('links to the provider with the path to come back to, and names staff-only sign-in', () => {
    const wrapper = mount(SsoSignIn, { props: { options: { ...OPTIONS, staffMustUseOidc: true }, redirect: '/articles/x?a=1#b' } });
    const link = wrapper.get('a');
    expect(link.text()).toBe('Sign in with Acme ID');
    expect(link.attributes('href')).toBe('/auth/oidc/start?redirect=%2Farticles%2Fx%3Fa%3D1%23b');
    expect(wrapper.text()).toContain('Staff accounts sign in with Acme ID.');
  });

  it('shows nothing without single sign-on', () => {
    expect(mount(SsoSignIn, { props: { options: { ...OPTIONS, oidc: null }, redirect: '/' } }).html()).not.toContain('<a');
  });
});

describe('SignInPage with single sign-on', () => {
  it('offers the provider above the password form, returning to ?redirect=', async () => {
    const wrapper = await page(SignInPage, '/signin?redirect=/articles/welcome', OPTIONS);
    expect(wrapper.get('[data-testid="sso-sign-in"]').attributes('href')).toBe('/auth/oidc/start?redirect=%2Farticles%2Fwelcome');
    expect(wrapper.text()).toContain('or with a password');
    expect(wrapper.find('form').exists()).toBe(true);
  });

  it('shows only the password form when the server has no provider', async () => {
    const wrapper = await page(SignInPage, '/signin', { ...OPTIONS, oidc: null });
    expect(wrapper.find('[data-testid="sso-sign-in"]').exists()).toBe(false);
    expect(wrapper.text()).not.toContain('or with a password');
  });
});

describe('SsoErrorPage', () => {
  it('explains the reason, shows the request id and offers to try again', async () => {
    const wrapper = await page(SsoErrorPage, '/signin/sso-error?reason=EMAIL_NOT_VERIFIED&requestId=3f2a-91', OPTIONS);
    expect(wrapper.get('h1').text()).toBe('Your email address isn’t verified');
    expect(wrapper.get('[data-testid="request-id"]').text()).toBe('3f2a-91');
    expect(wrapper.get('[data-testid="sso-sign-in"]').text()).toBe('Try again');
  });

  it('has a general message for an unknown reason and never shows markup from the query', async () => {
    const wrapper = await page(SsoErrorPage, '/signin/sso-error?reason=%3Cb%3E&requestId=%3Cscript%3E', OPTIONS);
    expect(wrapper.get('h1').text()).toBe('Sign-in failed');
    expect(wrapper.find('[data-testid="request-id"]').exists()).toBe(false);
  });
});
