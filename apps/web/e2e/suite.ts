import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';
import { launchBrowser, newContext, VIEWPORTS } from './browser';

export const SHOTS = path.join(import.meta.dirname, 'screenshots');

/**
 * One Chromium for the test file (launched in beforeAll) and its contexts (closed in afterAll):
 * `context()` opens a new one on the suite's server with the e2e default timeout.
 */
export function useBrowser(): { context(viewport?: keyof typeof VIEWPORTS): Promise<BrowserContext> } {
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
  };
}
