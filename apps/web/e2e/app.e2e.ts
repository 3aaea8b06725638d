import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, inject, test } from 'vitest';
import { signIn } from './browser';
import { linkIn, SHOTS, useBrowser, useMailbox } from './suite';

const password = inject('demoPassword');
const ARTICLE = '/articles/i-cant-sign-in';
const browser = useBrowser();
const mailTo = useMailbox(browser, password);

async function open(viewport: 'desktop' | 'phone' = 'desktop'): Promise<Page> {
  const page = await (await browser.context(viewport)).newPage();
  page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
  return page;
}

async function shot(page: Page, name: string) {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

/** The comment thread is rendered and (for live tests) its subscription socket is open. */
async function openArticle(page: Page) {
  await page.goto(ARTICLE);
  await page.getByRole('heading', { name: 'Comments' }).waitFor();
  await page.getByTestId('comment').first().waitFor();
}

describe('readers', () => {
  test('anonymous readers see the thread and the sign-in prompt', async () => {
    const page = await open();
    await openArticle(page);
    await expect(page.getByTestId('comment-signin-prompt').textContent()).resolves.toContain('Please sign in to leave a comment');
    expect(await page.getByText('Staff', { exact: true }).count()).toBeGreaterThan(0); // the staff badge (accepted answers: e2e/answers.e2e.ts)
    // they may write: posting sends them to sign in first (e2e/readers.e2e.ts)
    await expect(page.getByRole('button', { name: 'Sign in to post' }).count()).resolves.toBe(1);
    await shot(page, 'article');
  });

  test('home and search with highlighted snippets', async () => {
    const page = await open();
    await page.goto('/');
    await page.getByRole('heading', { level: 1 }).waitFor();
    await shot(page, 'home');
    await page.getByRole('searchbox').first().fill('password');
    await page.getByRole('searchbox').first().press('Enter');
    await page.waitForURL(/\/search\?q=password/);
    await page.getByTestId('search-result').first().waitFor();
    expect(await page.locator('[data-testid="search-result"] mark').count()).toBeGreaterThan(0);
    await shot(page, 'search');
    await page.goto('/search?q=pasword%20resett');
    await page.getByTestId('search-count').waitFor();
    await shot(page, 'search-fuzzy');
  });

  test('phone-sized article page', async () => {
    const page = await open('phone');
    await openArticle(page);
    await shot(page, 'article-phone');
  });
});

describe('a new member comments, a reader sees it live, a moderator hides it', () => {
  const handle = `e2e_${Date.now().toString(36)}`;
  const text = `Restarting the app fixed it for me (${handle}).`;
  let author: Page;
  let reader: Page;

  test('a new user signs up, confirms the address and comments', async () => {
    reader = await open();
    await openArticle(reader);
    author = await open();
    await author.goto('/signup');
    await author.getByLabel('Your name').fill('E2E Tester');
    await author.getByLabel('Handle').fill(handle);
    await author.getByLabel('Email').fill(`${handle}@example.com`);
    await author.getByLabel('Password').fill('e2e-password-123');
    await author.getByRole('button', { name: 'Create account' }).click();
    await author.waitForURL((u) => u.pathname !== '/signup');
    // until the address is confirmed the thread asks for it instead of taking a comment
    await author.goto(ARTICLE);
    await author.getByTestId('verify-to-comment').waitFor();
    await author.goto(linkIn((await mailTo(`${handle}@example.com`, 'VERIFY_EMAIL')).text, '/verify-email'));
    await author.getByRole('button', { name: 'Confirm my email address' }).click();
    await author.getByTestId('email-verified').waitFor();
    await openArticle(author);
    await author.getByLabel('Add a comment').fill(text);
    await author.getByRole('button', { name: 'Post comment' }).click();
    const mine = author.getByTestId('comment').filter({ hasText: text });
    await mine.waitFor();
    await author.getByText('Your comment was posted').waitFor();
    expect(await mine.getAttribute('class')).not.toContain('is-optimistic');
  });

  test('a second browser on the same article sees it appear live', async () => {
    // BEST order: the new comment waits behind the pill so the reader's list doesn't move.
    const pill = reader.getByTestId('new-comments-pill');
    await pill.waitFor({ timeout: 15_000 });
    await pill.click();
    await reader.getByTestId('comment').filter({ hasText: text }).waitFor();
  });

  test('a moderator hides it and it disappears from the reader’s view', async () => {
    const mod = await open();
    await signIn(mod, 'moderator', password);
    await openArticle(mod);
    const target = mod.getByTestId('comment').filter({ hasText: text });
    await target.getByRole('button', { name: 'Hide', exact: true }).click();
    await target.getByLabel('Reason').selectOption('OFF_TOPIC');
    await target.getByRole('button', { name: 'Hide comment' }).click();
    await target.getByText('Hidden').first().waitFor();
    await reader.getByTestId('comment').filter({ hasText: text }).waitFor({ state: 'detached', timeout: 15_000 });
    // Its author still sees it, marked hidden.
    await author.getByTestId('comment').filter({ hasText: text }).getByText('Hidden').waitFor({ timeout: 15_000 });

    await mod.goto('/moderation?tab=log');
    await mod.locator('[data-testid="log-entry"], .empty-state, .error-state').first().waitFor();
    await shot(mod, 'moderation-log');
    expect(await mod.getByTestId('log-entry').filter({ hasText: 'hid a comment' }).count()).toBeGreaterThan(0);
    await mod.goto('/moderation?tab=users');
    await mod.getByTestId('user-row').first().waitFor();
    await shot(mod, 'moderation-users');
    await mod.goto('/moderation');
    await mod.getByRole('tab', { name: /Queue/ }).waitFor();
    await mod.waitForTimeout(500);
    await shot(mod, 'moderation');
  });

  test('the account page', async () => {
    await author.goto('/account');
    await author.getByRole('heading', { level: 1 }).waitFor();
    await shot(author, 'account');
  });
});
