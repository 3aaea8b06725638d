import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';
import { launchBrowser, newContext, signIn, VIEWPORTS } from './browser';

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

/**
 * The suite's server has no SMTP server, so its mails are KEPT in the outbox: an admin reads
 * them there (mailOutbox), and a test follows a mail's link like a person would.
 * `mailTo(to, kind)` answers the newest mail of that kind to that address.
 */
export function useMailbox(browser: ReturnType<typeof useBrowser>, adminPassword: string) {
  let admin: Page | null = null;
  return async function mailTo(to: string, kind: string): Promise<{ subject: string; text: string }> {
    if (!admin) {
      admin = await browser.page();
      await signIn(admin, 'admin', adminPassword);
    }
    for (let i = 0; i < 50; i++) {
      const data = await graphqlFromPage<{ mailOutbox: { nodes: Array<{ kind: string; subject: string; text: string }> } }>(
        admin,
        'query($to: String) { mailOutbox(first: 10, to: $to) { nodes { kind subject text } } }',
        { to },
      );
      const hit = data.mailOutbox.nodes.find((m) => m.kind === kind);
      if (hit) return hit;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`no ${kind} mail to ${to}`);
  };
}

/** The path and query of the link to `path` in a mail's text (the mail's links are absolute). */
export function linkIn(text: string, path: string): string {
  const match = text.match(new RegExp(`https?://\\S+(${path}\\?token=[A-Za-z0-9_%-]+)`));
  if (!match) throw new Error(`no ${path} link in:\n${text}`);
  return match[1];
}
