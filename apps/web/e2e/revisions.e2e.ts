import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, inject, test } from 'vitest';
import { signIn } from './browser';
import { SHOTS, useBrowser } from './suite';

const password = inject('demoPassword');
const browser = useBrowser();

async function open(viewport: 'desktop' | 'phone' = 'desktop'): Promise<Page> {
  const page = await (await browser.context(viewport)).newPage();
  page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
  return page;
}

async function shot(page: Page, name: string) {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

const FIRST = {
  title: 'Export your invoices',
  body: '## Steps\n\n1. Open **Billing**.\n2. Choose the invoices to export.\n3. Click **Export as PDF**.\n\nInvoices older than two years are archived.\n',
};
const SECOND = { title: 'Export invoices', body: FIRST.body.replace('Export as PDF', 'Export') };
const THIRD = {
  title: 'Export invoices as PDF or CSV',
  body: '## Steps\n\n1. Open **Billing → Invoices**.\n2. Choose the invoices to export.\n3. Click **Export** and pick PDF or CSV.\n\nInvoices older than seven years are archived.\n\n## Limits\n\nAt most 500 invoices per export.\n',
};

async function fillEditor(page: Page, v: { title: string; body: string }) {
  await page.locator('#title').fill(v.title);
  await page.locator('#body').fill(v.body);
}

describe('article history', () => {
  let slug = '';

  test('an agent edits an article twice, compares the first and last versions and restores the first', async () => {
    const page = await open();
    await signIn(page, 'agent', password);

    // version 1: a new draft; versions 2 and 3: two saves in the editor
    await page.goto('/new');
    // the first section is preselected once the sections have loaded
    await expect.poll(() => page.locator('#section').inputValue()).not.toBe('');
    await fillEditor(page, FIRST);
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.waitForURL(/\/articles\/[^/]+\/edit$/);
    slug = new URL(page.url()).pathname.split('/')[2];
    for (const version of [SECOND, THIRD]) {
      await page.locator('#title').waitFor();
      await expect.poll(() => page.locator('#title').inputValue()).not.toBe('');
      await fillEditor(page, version);
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByText(/^Saved at/).waitFor();
    }

    await shot(page, 'revisions-editor');
    // the editor leads to the history
    await page.getByRole('link', { name: 'History' }).click();
    await page.waitForURL(`/articles/${slug}/history`);
    const items = page.locator('li.history-item');
    await expect.poll(() => items.count()).toBe(3);
    expect(await items.nth(0).textContent()).toContain('Current');
    expect(await items.nth(0).getByTestId('revision-summary').textContent()).toMatch(/^Title changed · \+\d+ −\d+ lines$/);
    expect(await items.nth(2).getByTestId('revision-summary').textContent()).toBe('First version');
    expect(await items.nth(0).locator('.history-item__meta').textContent()).toContain('Alex Agent (Support)');

    // compare the first with the last
    await items.nth(2).getByRole('radio', { name: /compare from/ }).check();
    await page.waitForURL(/from=/);
    const diff = page.locator('.diff');
    expect(await diff.getAttribute('data-layout')).toBe('split');
    await expect.poll(() => diff.locator('.diff__title-line--old').textContent()).toContain(FIRST.title);
    expect(await diff.locator('.diff__title-line--new').textContent()).toContain(THIRD.title);
    expect(await diff.locator('.diff__row--changed del').allTextContents()).toContain('two');
    expect(await diff.locator('.diff__row--changed ins').allTextContents()).toContain('seven');
    expect(await diff.locator('.diff__row--added').count()).toBeGreaterThan(0);
    await shot(page, 'revisions-history');

    // restore the first version: a fourth revision, the three before it untouched
    await items.nth(2).getByRole('button', { name: /Restore this version/ }).click();
    await page.getByText(/^Restored the version of .* as a new revision/).waitFor();
    await expect.poll(() => items.count()).toBe(4);
    expect(await items.nth(0).textContent()).toContain('Restored the version of');
    expect(await items.nth(0).locator('.history-item__title').textContent()).toBe(FIRST.title);
    expect(await items.nth(0).textContent()).toContain('Current');
    expect(await items.nth(3).locator('.history-item__title').textContent()).toBe(FIRST.title);
    expect(await items.nth(1).locator('.history-item__title').textContent()).toBe(THIRD.title);
    expect(await items.nth(3).textContent()).not.toContain('Current');
    // the comparison now shows what the restore changed: the last edit against the restored text
    await expect.poll(() => page.locator('.diff__title-line--old').textContent()).toContain(THIRD.title);
    expect(await page.locator('.diff__title-line--new').textContent()).toContain(FIRST.title);
    expect(await page.getByRole('status').filter({ hasText: 'Restored' }).textContent()).toMatch(/as a new revision\.$/);
    await shot(page, 'revisions-restored');

    // the article shows the first version again
    await page.getByRole('link', { name: 'View article' }).click();
    await page.waitForURL(`/articles/${slug}`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(FIRST.title);
    expect(await page.locator('.prose, .article__body').first().textContent()).toContain('Export as PDF');
    await shot(page, 'revisions-article-staff');
    // staff reach the history from the article too
    await page.getByRole('link', { name: /History/ }).click();
    await page.waitForURL(`/articles/${slug}/history`);
  });

  test('on a phone the diff is one column', async () => {
    expect(slug).not.toBe('');
    const page = await open('phone');
    await signIn(page, 'agent', password);
    const items = page.locator('li.history-item');
    await page.goto(`/articles/${slug}/history`);
    await expect.poll(() => items.count()).toBe(4);
    // the first version against the last edit
    const first = await items.nth(3).getAttribute('data-revision');
    const third = await items.nth(1).getAttribute('data-revision');
    await page.goto(`/articles/${slug}/history?from=${first}&to=${third}`);
    const diff = page.locator('.diff');
    await expect.poll(() => diff.getAttribute('data-layout')).toBe('inline');
    expect(await diff.locator('.diff__row--removed').count()).toBeGreaterThan(0);
    expect(await diff.locator('.diff__row--added').count()).toBeGreaterThan(0);
    // nothing wider than the screen
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot(page, 'revisions-history-phone');
    // the History links fit next to Edit on the article page and in the editor's header
    await page.goto(`/articles/${slug}`);
    await page.getByRole('link', { name: /History/ }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot(page, 'revisions-article-staff-phone');
    await page.goto(`/articles/${slug}/edit`);
    await page.getByRole('link', { name: 'History' }).waitFor();
    await shot(page, 'revisions-editor-phone');
  });

  test('members never reach the history', async () => {
    const page = await open();
    await signIn(page, 'member', password);
    await page.goto('/articles/i-cant-sign-in/history');
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await page.locator('li.history-item').count()).toBe(0);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).not.toBe('History');
  });
});
