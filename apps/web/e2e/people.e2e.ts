import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, inject, test } from 'vitest';
import { signIn } from './browser';
import { SHOTS, useBrowser } from './suite';

const password = inject('demoPassword');
const baseURL = inject('baseURL');
const ARTICLE = '/articles/i-cant-sign-in';
const browser = useBrowser();

async function open(viewport: 'desktop' | 'phone' = 'desktop'): Promise<Page> {
  const page = await (await browser.context(viewport)).newPage();
  page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
  return page;
}

async function shot(page: Page, name: string) {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

describe('people', () => {
  test('the profile page: staff badge, joined, comment count, recent comments; not found for an unknown handle', async () => {
    for (const viewport of ['desktop', 'phone'] as const) {
      const page = await open(viewport);
      await page.goto('/users/agent');
      await page.getByRole('heading', { level: 1, name: /Alex Agent/ }).waitFor();
      expect(await page.getByTestId('role-badge').textContent()).toBe('Agent');
      await page.getByRole('heading', { name: 'Recent comments' }).waitFor();
      expect(await page.getByTestId('comment-count').textContent()).toMatch(/\d+ comments?/);
      await shot(page, `people-profile-${viewport}`);
    }
    const page = await open();
    await page.goto('/users/nobody-by-that-handle');
    await page.getByRole('heading', { name: 'We can’t find that person' }).waitFor();
  });

  test('a comment author’s name opens their public profile', async () => {
    for (const viewport of ['desktop', 'phone'] as const) {
      const page = await open(viewport);
      await page.goto(ARTICLE);
      await page.getByTestId('comment').first().waitFor().catch(async (e: unknown) => {
        await shot(page, 'people-debug');
        throw e;
      });
      const link = page.locator('[data-testid="comment"] a.comment__author').first();
      const name = (await link.textContent())!.trim();
      await link.click();
      await page.waitForURL(/\/users\/[a-z0-9_-]+$/);
      await page.getByRole('heading', { level: 1, name: new RegExp(name) }).waitFor();
      await page.getByRole('heading', { name: 'Recent comments' }).waitFor();
      expect(await page.getByTestId('comment-count').textContent()).toMatch(/\d+ comments?/);
      // a recent comment links back to its anchor on the article
      const back = page.locator('.profile-comment__link').first();
      expect(await back.getAttribute('href')).toMatch(/^\/articles\/[^#]+#comment-/);
    }
  });

  test('changing the display name on the account page shows on the member’s comments', async () => {
    const page = await open();
    await signIn(page, 'member', password);
    await page.goto(ARTICLE);
    await page.getByLabel('Add a comment').fill('A comment to see my new name on.');
    await page.getByRole('button', { name: 'Post comment' }).click();
    await page.getByText('A comment to see my new name on.').waitFor();
    await page.goto('/account');
    await page.getByRole('button', { name: 'Change display name' }).click();
    await page.getByLabel('Display name').fill('   ');
    expect(await page.getByRole('button', { name: 'Save', exact: true }).isDisabled()).toBe(true);
    await page.getByLabel('Display name').fill('Mia Member-Renamed');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('heading', { level: 2, name: 'Mia Member-Renamed' }).waitFor();
    await page.goto(ARTICLE);
    const mine = page.locator('[data-testid="comment"]', { hasText: 'A comment to see my new name on.' }).first();
    await mine.locator('a.comment__author', { hasText: 'Mia Member-Renamed' }).waitFor();
  });

  test('signing out another session from the account page signs that browser out', async () => {
    // an account of its own: the suite's other files sign the demo users in many times
    const handle = `sess-${Date.now().toString(36)}`;
    const own = 'quiet meadow lantern 42';
    const res = await fetch(`${baseURL}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'mutation($input: SignUpInput!) { signUp(input: $input) { token } }',
        variables: { input: { handle, email: `${handle}@example.com`, password: own, displayName: 'Session Tester' } },
      }),
    });
    const signedUp = (await res.json()) as { errors?: unknown; data: { signUp: { token: string } } };
    expect(signedUp.errors).toBeUndefined();
    // end the sign-up's own session: the browsers' two are the ones counted
    await fetch(`${baseURL}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${signedUp.data.signUp.token}` },
      body: JSON.stringify({ query: 'mutation { signOut }' }),
    });
    const other = await open();
    await signIn(other, handle, own);
    const page = await open();
    await signIn(page, handle, own);
    await page.goto('/account');
    await page.getByRole('heading', { name: 'Where you’re signed in' }).waitFor();
    const sessions = page.getByTestId('session');
    const others = page.locator('[data-testid="session"]:not(.is-current)');
    expect(await page.locator('[data-testid="session"].is-current').count()).toBe(1);
    expect(await others.count()).toBe(1);
    await shot(page, 'people-account-desktop');

    // the other browser is signed in, then signed out from here
    await other.goto('/account');
    await other.getByRole('heading', { name: 'Your account' }).waitFor();
    await others.first().getByRole('button', { name: /Sign out/ }).click();
    await page.getByText(/was signed out\./).waitFor();
    await expect.poll(() => sessions.count()).toBe(1);
    await other.goto('/account');
    await other.waitForURL(/\/signin\?redirect=/);
    await page.reload();
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
  });

  test('sign out everywhere else keeps this browser (phone width)', async () => {
    const desk = await open();
    await signIn(desk, 'moderator', password);
    const phone = await open('phone');
    await signIn(phone, 'moderator', password);
    await phone.goto('/account');
    await phone.getByRole('heading', { name: 'Where you’re signed in' }).waitFor();
    await shot(phone, 'people-account-phone');
    await phone.getByRole('button', { name: 'Sign out everywhere else' }).click();
    await expect.poll(() => phone.getByTestId('session').count()).toBe(1);
    await desk.goto('/account');
    await desk.waitForURL(/\/signin\?redirect=/);
  });
});
