import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';
import { launchBrowser, newContext, VIEWPORTS } from './browser';

export const SHOTS = path.join(import.meta.dirname, 'screenshots');

/**
 * One Chromium for the test file (launched in beforeAll) and its contexts (closed in afterAll):
 * `context()` opens a new one on the suite's server with the e2e default timeout.
 */
export function useBrowser(): {
  context(viewport?: keyof typeof VIEWPORTS): Promise<BrowserContext>;
  /** A page in a new context, its uncaught errors printed. */
  page(viewport?: keyof typeof VIEWPORTS): Promise<Page>;
} {
  const baseURL = inject('baseURL');
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
  });
  return {
    async context(viewport = 'desktop') {
      if (!browser) throw new Error('the browser is not launched yet (call context() inside a test)');
      const ctx = await newContext(browser, baseURL, viewport);
      ctx.setDefaultTimeout(20_000);
      contexts.push(ctx);
      return ctx;
    },
    async page(viewport = 'desktop') {
      const page = await (await this.context(viewport)).newPage();
      page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
      return page;
    },
  };
}

/** A full-page screenshot into e2e/screenshots/<name>.png. */
export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

/** A GraphQL request from the page, with its session cookie (a JSON POST passes the CSRF rule); throws on errors. */
export async function graphqlFromPage<T>(page: Page, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const body = await page.evaluate(
    async ([q, v]) => {
      const res = await fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: q, variables: v }) });
      return res.json();
    },
    [query, variables] as const,
  );
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data as T;
}
