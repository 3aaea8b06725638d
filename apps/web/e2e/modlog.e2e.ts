import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, inject, test } from 'vitest';
import { signIn } from './browser';
import { graphqlFromPage, shot, SHOTS, useBrowser } from './suite';

const password = inject('demoPassword');
const ARTICLE_SLUG = 'i-cant-sign-in';
const browser = useBrowser();

const open = (viewport: 'desktop' | 'phone' = 'desktop') => browser.page(viewport);
const api = graphqlFromPage;

async function articleId(page: Page): Promise<string> {
  return (await api<{ article: { id: string } }>(page, 'query($s: String) { article(slug: $s) { id } }', { s: ARTICLE_SLUG })).article.id;
}

async function addComment(page: Page, articleId: string, body: string, parentId?: string): Promise<string> {
  const data = await api<{ addComment: { comment: { id: string } } }>(
    page,
    'mutation($input: AddCommentInput!) { addComment(input: $input) { comment { id } } }',
    { input: { articleId, body, parentId } },
  );
  return data.addComment.comment.id;
}

describe('moderation log', () => {
  test('shows the target, its author, a link and the reason in words; filters by action, kept in the URL', async () => {
    const member = await open();
    await signIn(member, 'member', password);
    const text = `Off-topic musing about lunch ${Date.now()}`;
    const commentId = await addComment(member, await articleId(member), text);

    const mod = await open();
    await signIn(mod, 'moderator', password);
    await api(mod, 'mutation($input: HideCommentInput!) { hideComment(input: $input) { comment { id } } }', { input: { commentId, reason: 'OFF_TOPIC' } });
    await api(mod, 'mutation($input: LockArticleInput!) { lockArticleComments(input: $input) { article { id } } }', {
      input: { articleId: await articleId(mod), locked: false },
    });

    await mod.goto('/moderation?tab=log');
    const entry = mod.getByTestId('log-entry').filter({ hasText: text });
    await entry.waitFor();
    expect(await entry.getByTestId('log-moderator').textContent()).toContain('Moderator');
    expect(await entry.textContent()).toContain('hid a comment');
    expect(await entry.getByTestId('log-excerpt').textContent()).toBe(text);
    expect(await entry.getByTestId('log-author').textContent()).toMatch(/by .+ @member/);
    expect(await entry.getByTestId('log-reason').textContent()).toBe('Reason: Off topic');
    expect(await entry.textContent()).not.toContain('OFF_TOPIC');
    expect(await entry.getByTestId('log-link').getAttribute('href')).toBe(`/articles/${ARTICLE_SLUG}#comment-${commentId}`);
    expect(await mod.getByTestId('log-entry').filter({ hasText: 'unlocked comments on' }).count()).toBeGreaterThan(0);
    await shot(mod, 'modlog-desktop');

    await mod.getByLabel('Action').selectOption('HIDE_COMMENT');
    await mod.waitForURL(/action=HIDE_COMMENT/);
    await mod.getByTestId('log-entry').filter({ hasText: 'unlocked comments on' }).waitFor({ state: 'detached' });
    const kinds = await mod.getByTestId('log-entry').allTextContents();
    expect(kinds.length).toBeGreaterThan(0);
    expect(kinds.every((t) => t.includes('hid a comment'))).toBe(true);
    await mod.reload();
    await entry.waitFor();
    expect(await mod.getByLabel('Action').inputValue()).toBe('HIDE_COMMENT');
    expect(await mod.getByTestId('log-entry').filter({ hasText: 'unlocked comments on' }).count()).toBe(0);

    // the member filter from an entry; the link opens the comment on its article
    await entry.getByTestId('log-filter-user').click();
    await mod.waitForURL(/user=/);
    await mod.getByTestId('log-user-filter').waitFor();
    await entry.getByTestId('log-link').click();
    await mod.waitForURL(new RegExp(`/articles/${ARTICLE_SLUG}#comment-`));
    await mod.getByRole('heading', { name: 'Comments' }).waitFor();

    const phone = await open('phone');
    await signIn(phone, 'moderator', password);
    await phone.goto('/moderation?tab=log');
    await phone.getByTestId('log-entry').first().waitFor();
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(phone, 'modlog-phone');
  });

  test('the users table keeps its actions reachable at phone width', async () => {
    for (const viewport of ['desktop', 'phone'] as const) {
      const page = await open(viewport);
      await signIn(page, 'moderator', password);
      await page.goto('/moderation?tab=users');
      await page.locator('#user-search').fill('member');
      const row = page.getByTestId('user-row').filter({ hasText: '@member' }).first();
      await row.waitFor();
      const suspend = row.getByRole('button', { name: 'Suspend' });
      const box = await suspend.boundingBox();
      expect(box).not.toBeNull();
      expect(box!.x + box!.width).toBeLessThanOrEqual((viewport === 'phone' ? 390 : 1280) + 0.5);
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
      await suspend.click();
      await row.getByLabel('Until').waitFor();
      await shot(page, `modlog-users-${viewport}`);
      await row.getByTestId('user-log-link').click();
      await page.waitForURL(/tab=log&user=/);
    }
  });
});

describe('comment thread', () => {
  test('both sort orders are in the URL and survive a reload; back restores the previous order', async () => {
    const page = await open();
    await page.goto(`/articles/${ARTICLE_SLUG}`);
    await page.getByTestId('comment').first().waitFor();
    await page.getByLabel('Sort by').selectOption('NEW');
    await page.waitForURL(/sort=new/);
    await page.getByLabel('Replies').selectOption('TOP');
    await page.waitForURL(/replies=top/);
    expect(new URL(page.url()).search).toBe('?sort=new&replies=top');
    await page.reload();
    await page.getByTestId('comment').first().waitFor();
    expect(await page.getByLabel('Sort by').inputValue()).toBe('NEW');
    expect(await page.getByLabel('Replies').inputValue()).toBe('TOP');
    await page.goBack();
    await page.waitForURL((u) => !u.search.includes('replies='));
    expect(await page.getByLabel('Replies').inputValue()).toBe('OLD');
    expect(await page.getByLabel('Sort by').inputValue()).toBe('NEW');
  });

  test('a depth-7 reply keeps at least 250 px of text at phone width', async () => {
    const phone = await open('phone');
    await signIn(phone, 'agent', password);
    const article = await articleId(phone);
    const ids: string[] = [];
    for (let depth = 0; depth <= 7; depth++) {
      ids.push(await addComment(phone, article, `Depth ${depth}: ${depth === 7 ? 'the deepest reply, which should still read comfortably on a phone' : 'a reply'}`, ids.at(-1)));
    }
    await phone.goto(`/articles/${ARTICLE_SLUG}?sort=new`);
    const deepest = phone.locator(`#comment-${ids[7]}`);
    // "Continue this thread" below the loaded levels, until the deepest reply is on screen
    for (let i = 0; i < 4 && !(await deepest.count()); i++) {
      const more = phone.locator(`#comment-${ids[0]}`).getByRole('button', { name: /Continue this thread/ });
      await more.first().waitFor();
      await more.first().click();
      await phone.waitForTimeout(600);
    }
    await deepest.waitFor();
    expect(await deepest.getAttribute('data-depth')).toBe('7');
    const body = await deepest.locator('.comment__body').first().boundingBox();
    expect(body!.width).toBeGreaterThanOrEqual(250);
    expect(body!.x + body!.width).toBeLessThanOrEqual(390);
    await deepest.scrollIntoViewIfNeeded();
    await phone.locator(`#comment-${ids[0]}`).screenshot({ path: path.join(SHOTS, 'modlog-deep-thread-phone.png') });
  });
});
