import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, inject, test } from 'vitest';
import { signIn } from './browser';
import { SHOTS, useBrowser } from './suite';

const password = inject('demoPassword');
const browser = useBrowser();

async function open(viewport: 'desktop' | 'phone' = 'desktop', as?: string): Promise<Page> {
  const page = await (await browser.context(viewport)).newPage();
  page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
  if (as) await signIn(page, as, password);
  return page;
}

async function shot(page: Page, name: string) {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

describe('structure (admins)', () => {
  test('the structure page: reorder, re-slug (old links keep working), add and delete', async () => {
    const page = await open('desktop', 'admin');
    await page.goto('/structure');
    await page.getByRole('heading', { name: 'Structure', level: 1 }).waitFor();
    await page.getByTestId('structure-section').first().waitFor();
    await shot(page, 'structure');

    // move "Troubleshooting" up: the order changes
    const names = () => page.locator('[data-testid="structure-section"] .srow__name').allTextContents();
    const before = await names();
    const i = before.indexOf('Troubleshooting');
    await page.getByRole('button', { name: 'Move Troubleshooting up' }).click();
    await expect.poll(names).toEqual([...before.slice(0, i - 1), 'Troubleshooting', before[i - 1], ...before.slice(i + 1)]);

    // give it a new slug: the old URL still opens it (the web app replaces the URL; the server answers 301)
    const row = page.getByTestId('structure-section').filter({ hasText: 'Troubleshooting' });
    await row.getByRole('button', { name: 'Edit Troubleshooting' }).click();
    await row.getByLabel('Slug').fill('troubleshooting-help');
    await row.getByRole('button', { name: 'Save section' }).click();
    await row.getByText('/sections/troubleshooting-help').waitFor();
    const res = await page.request.get('/sections/troubleshooting', { maxRedirects: 0 });
    expect([res.status(), res.headers().location]).toEqual([301, '/sections/troubleshooting-help']);
    await page.goto('/sections/troubleshooting');
    await page.waitForURL('**/sections/troubleshooting-help');
    await page.getByRole('heading', { name: 'Troubleshooting', level: 1 }).waitFor();

    // a new category, then delete it (empty)
    await page.goto('/structure');
    await page.getByRole('button', { name: '+ New category' }).click();
    await page.getByLabel('Name').first().fill('Temporary topic');
    await page.getByRole('button', { name: 'Add category' }).click();
    const card = page.getByTestId('structure-category').filter({ hasText: 'Temporary topic' });
    await card.waitFor();
    await card.getByRole('button', { name: 'Delete Temporary topic' }).click();
    await card.getByRole('button', { name: 'Delete category' }).click();
    await card.waitFor({ state: 'detached' });

    // a section with articles cannot be deleted without a destination
    const billing = page.getByTestId('structure-section').filter({ hasText: 'Plans & billing' });
    await billing.getByRole('button', { name: /^Delete / }).click();
    await billing.getByText(/drafts and archived ones count/).waitFor();
    expect(await billing.getByRole('button', { name: 'Move articles and delete' }).isDisabled()).toBe(true);
    await shot(page, 'structure-delete-section');
    await billing.getByRole('button', { name: 'Cancel' }).click();

    const phone = await open('phone', 'admin');
    await phone.goto('/structure');
    await phone.getByTestId('structure-section').first().waitFor();
    await shot(phone, 'structure-phone');
  });

  test('readers are not let in', async () => {
    const page = await open('desktop', 'member');
    await page.goto('/structure');
    await page.getByRole('heading', { name: /can’t find that/ }).waitFor();
  });
});

describe('drafts and archived articles', () => {
  test('staff see a Draft badge in the "In this section" list', async () => {
    for (const viewport of ['desktop', 'phone'] as const) {
      const page = await open(viewport, 'agent');
      await page.goto('/articles/compare-fernwork-plans');
      const aside = page.getByRole('complementary', { name: 'In this section' });
      const draft = aside.getByRole('link', { name: /Nonprofit and education discounts/ });
      await draft.waitFor();
      expect(await draft.locator('.badge').textContent()).toBe('Draft');
      await shot(page, viewport === 'desktop' ? 'article-draft-badge' : 'article-draft-badge-phone');
    }
  });

  test('an archived article with a redirect sends readers on; without one they see that it was archived', async () => {
    const agent = await open('desktop', 'agent');
    // archive from the editor, then set the redirect on the article page
    await agent.goto('/articles/how-seats-are-counted/edit');
    await agent.getByRole('button', { name: 'Archive' }).click();
    await agent.getByText('Archived.').waitFor();
    await agent.goto('/articles/how-seats-are-counted');
    await agent.getByLabel(/Send readers to/).fill('/articles/compare-fernwork-plans');
    await agent.getByRole('button', { name: 'Save redirect' }).click();
    await agent.getByText('Saved: readers are sent there.').waitFor();
    await shot(agent, 'article-archived-staff');

    const reader = await open();
    await reader.goto('/articles/how-seats-are-counted');
    await reader.waitForURL('**/articles/compare-fernwork-plans');
    const res = await reader.request.get('/articles/how-seats-are-counted', { maxRedirects: 0 });
    expect([res.status(), res.headers().location]).toEqual([301, '/articles/compare-fernwork-plans']);

    await agent.getByRole('button', { name: 'Remove redirect' }).click();
    await agent.getByText('Readers now see that the article was archived.').waitFor();
    await reader.goto('/articles/how-seats-are-counted');
    await reader.getByRole('heading', { name: 'This article was archived' }).waitFor();
    await shot(reader, 'article-archived-reader');
  });
});
