import type { Page, Request } from 'playwright-core';
import { describe, expect, inject, test } from 'vitest';
import { signIn } from './browser';
import { graphqlFromPage, shot, useBrowser } from './suite';

/*
 * Server-rendered pages (#23): the article and its comments arrive in the first response (a
 * reader with JavaScript off reads them), the browser hydrates that HTML from the state in the
 * page without a GraphQL request and without a hydration mismatch, and the page is the live app
 * afterwards (a comment another client posts arrives). Client-side navigation to an article is
 * one GraphQL request.
 */
const password = inject('demoPassword');
const ARTICLE = '/articles/i-cant-sign-in';
const browser = useBrowser();

/**
 * Console messages and GraphQL query requests of a page, from before its first navigation.
 * Mutations are left out: the article page records a view (RecordArticleView, insights) once it
 * is shown, which reads nothing for the page.
 */
function watch(page: Page) {
  const consoleMessages: string[] = [];
  const graphql: Request[] = [];
  page.on('console', (m) => consoleMessages.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => consoleMessages.push(`pageerror: ${e.message}`));
  page.on('request', (r) => {
    if (new URL(r.url()).pathname !== '/graphql') return;
    const body = (r.postDataJSON() ?? {}) as { query?: string };
    if (!/^\s*mutation\b/.test(body.query ?? '')) graphql.push(r);
  });
  return { consoleMessages, graphql };
}

describe('server-rendered pages', () => {
  test('with JavaScript off, a reader gets the article and its comments', async () => {
    for (const viewport of ['desktop', 'phone'] as const) {
      const page = await browser.page(viewport);
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Emulation.setScriptExecutionDisabled', { value: true });
      const res = await page.goto(ARTICLE);
      expect(res?.status()).toBe(200);
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe("I can't sign in");
      expect(await page.getByTestId('comment').count()).toBeGreaterThan(3);
      // the page's own scripts never ran: the Vue app did not mount over the server's HTML
      expect(await page.locator('#app').evaluate((el) => '__vue_app__' in el)).toBe(false);
      await shot(page, `ssr-nojs-article-${viewport}`);
    }
  });

  test('hydration asks no GraphQL and reports no mismatch, then the page is live', async () => {
    const reader = await browser.page();
    const seen = watch(reader);
    const subscribed = new Promise<void>((resolve) => {
      reader.on('websocket', (ws) => ws.on('framesent', (f) => String(f.payload).includes('ArticleCommentEvents') && resolve()));
    });
    const res = await reader.goto(ARTICLE);
    expect(res?.status()).toBe(200);
    await reader.waitForLoadState('networkidle');
    await subscribed; // the live thread's subscription started: the app hydrated and runs
    expect(seen.graphql.map((r) => r.postData())).toEqual([]);
    expect(seen.consoleMessages.filter((m) => /hydrat|mismatch|error/i.test(m))).toEqual([]);
    // the hydrated app reacts: the comments' order changes in place
    await reader.getByLabel('Sort by').selectOption('NEW');
    await reader.waitForURL(/sort=new/);

    // another client posts a comment: it arrives on the hydrated page
    const member = await browser.page();
    await signIn(member, 'member', password);
    const { article } = await graphqlFromPage<{ article: { id: string } }>(member, 'query($s: String!) { article(slug: $s) { id } }', { s: 'i-cant-sign-in' });
    const text = `Live after hydration ${Date.now().toString(36)}`;
    await graphqlFromPage(member, 'mutation($input: AddCommentInput!) { addComment(input: $input) { comment { id } } }', {
      input: { articleId: article.id, body: text },
    });
    const pill = reader.getByTestId('new-comments-pill');
    const arrived = reader.getByTestId('comment').filter({ hasText: text });
    await Promise.race([arrived.waitFor({ timeout: 15_000 }), pill.waitFor({ timeout: 15_000 }).then(() => pill.click())]);
    await arrived.waitFor();
    await shot(reader, 'ssr-hydrated-article');
    expect(seen.consoleMessages.filter((m) => /hydrat|mismatch/i.test(m))).toEqual([]);
  });

  test('the phone-sized article hydrates without a request too', async () => {
    const page = await browser.page('phone');
    const seen = watch(page);
    await page.goto(ARTICLE);
    await page.waitForLoadState('networkidle');
    await page.getByTestId('comment').first().waitFor();
    expect(seen.graphql).toHaveLength(0);
    expect(seen.consoleMessages.filter((m) => /hydrat|mismatch/i.test(m))).toEqual([]);
    await shot(page, 'ssr-hydrated-article-phone');
  });

  test('client-side navigation to an article is one GraphQL request', async () => {
    const page = await browser.page();
    const seen = watch(page);
    await page.goto('/sections/troubleshooting');
    await page.waitForLoadState('networkidle');
    expect(seen.graphql).toHaveLength(0);
    await page.getByRole('link', { name: "I can't sign in" }).first().click();
    await page.getByTestId('comment').first().waitFor();
    await page.waitForLoadState('networkidle');
    expect(seen.graphql.map((r) => (r.postDataJSON() as { operationName?: string }).operationName)).toEqual(['ArticlePage']);
  });

  test('an unknown path and a missing article are real 404s with the not-found page', async () => {
    const page = await browser.page();
    const seen = watch(page);
    for (const path of ['/no/such/page', '/articles/no-such-article']) {
      const res = await page.goto(path);
      expect(res?.status()).toBe(404);
      await page.getByRole('heading', { name: /We can’t find that/ }).waitFor();
    }
    await page.waitForLoadState('networkidle');
    expect(seen.consoleMessages.filter((m) => /hydrat|mismatch/i.test(m))).toEqual([]);
  });
});
