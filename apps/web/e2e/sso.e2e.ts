import type { Page } from 'playwright-core';
import { describe, expect, inject, test } from 'vitest';
import { graphqlFromPage, shot, useBrowser } from './suite';

/** Single sign-on through the real OpenID provider that the global setup starts (oidc-provider). */
const issuer = inject('oidcIssuer');
const browser = useBrowser();

async function providerSignIn(page: Page, login: string) {
  await page.waitForURL((url) => url.href.startsWith(issuer));
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
}

describe.skipIf(!issuer)('single sign-on', () => {
  test('the sign-in page offers the provider; signing in there comes back signed in with the mapped role', async () => {
    for (const viewport of ['desktop', 'phone'] as const) {
      const page = await browser.page(viewport);
      await page.goto('/signin');
      await page.getByRole('link', { name: 'Sign in with Acme ID' }).waitFor();
      await page.getByText('or with a password').waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await shot(page, `sso-signin-${viewport}`);
    }

    const page = await browser.page();
    await page.goto('/account'); // signed-in only: the reader is sent to sign in and back
    await page.waitForURL(/\/signin\?redirect=(%2F|\/)account$/);
    await page.getByRole('link', { name: 'Sign in with Acme ID' }).click();
    await providerSignIn(page, 'mia');
    await page.waitForURL((url) => url.origin !== new URL(issuer).origin && url.pathname === '/account');
    const { viewer } = await graphqlFromPage<{ viewer: { handle: string; displayName: string; role: string; email: string } }>(
      page,
      '{ viewer { handle displayName role email } }',
    );
    expect(viewer).toEqual({ handle: 'mia', displayName: 'Mia Moderator', role: 'MODERATOR', email: 'mia@corp.example' });
    // the mapped role works in the app: the moderation page opens
    await page.goto('/moderation');
    await page.getByRole('heading', { level: 1, name: /Moderation/ }).waitFor();
  });

  test('a tampered state is refused: an error page with a request id, not signed in', async () => {
    const page = await browser.page();
    // the state is changed in flight on the way to the provider, which sends it back as it got it
    await page.route(
      (url) => url.pathname === '/auth/oidc/start',
      async (route) => {
        const response = await route.fetch({ maxRedirects: 0 });
        const location = new URL(response.headers().location);
        location.searchParams.set('state', 'forged-state');
        await route.fulfill({ response, headers: { ...response.headers(), location: location.href } });
      },
    );
    await page.goto('/signin');
    await page.getByRole('link', { name: 'Sign in with Acme ID' }).click();
    await providerSignIn(page, 'mia');
    await page.waitForURL(/\/signin\/sso-error\?reason=INVALID_STATE/);
    await page.getByRole('heading', { level: 1, name: 'This sign-in could not be completed' }).waitFor();
    expect(await page.getByTestId('request-id').textContent()).toMatch(/\S{8,}/);
    const { viewer } = await graphqlFromPage<{ viewer: null | object }>(page, '{ viewer { id } }');
    expect(viewer).toBeNull();
  });

  test('the error page at desktop and phone width', async () => {
    for (const viewport of ['desktop', 'phone'] as const) {
      const page = await browser.page(viewport);
      // a callback this browser never started (e.g. a link opened elsewhere)
      await page.goto('/auth/oidc/callback?code=abc&state=def');
      await page.waitForURL(/\/signin\/sso-error/);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.getByRole('link', { name: 'Try again' }).waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await shot(page, `sso-error-${viewport}`);
    }
  });
});
