import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, inject, test } from 'vitest';
import { signIn } from './browser';
import { SHOTS, useBrowser } from './suite';

/*
 * The Content-Security-Policy the server sends (apps/server/src/http/security-headers.ts) must
 * hold every page of the app without a single violation, and must be enforced: what the
 * browser reports is collected from the `securitypolicyviolation` event (listened to before
 * any page script runs) and from console messages.
 */
const password = inject('demoPassword');
const ARTICLE = '/articles/i-cant-sign-in';
// markdown tables with aligned columns: style="text-align:…" in the rendered body
const TABLE_ARTICLE = '/articles/roles-and-permissions-reference';

interface Violation {
  directive: string;
  blocked: string;
  sample: string;
}

declare global {
  interface Window {
    __cspViolations: Violation[];
    __injected?: number;
  }
}

const browser = useBrowser();

interface Watched {
  page: Page;
  /** Violations the page reported (event) and CSP complaints on its console. */
  violations(): Promise<string[]>;
}

async function open(): Promise<Watched> {
  const ctx = await browser.context();
  await ctx.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push({ directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample });
    });
  });
  const page = await ctx.newPage();
  const consoleLines: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) consoleLines.push(`[console] ${m.text()}`);
  });
  page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
  return {
    page,
    async violations() {
      const reported = await page.evaluate(() => window.__cspViolations).catch(() => [] as Violation[]);
      return [...consoleLines, ...reported.map((v) => `[event] ${v.directive} blocked ${v.blocked || '(inline)'} ${v.sample}`)];
    },
  };
}

/** Goes to `url`, waits for `ready`, and returns what was reported on the way (cumulative per document). */
async function visit(w: Watched, url: string, ready: (p: Page) => Promise<unknown>): Promise<void> {
  await w.page.goto(url);
  await ready(w.page);
  // late work (lazy chunks, the subscription socket) has a moment to report too
  await w.page.waitForTimeout(300);
}

const thread = (p: Page) => p.getByTestId('comment').first().waitFor();
const h1 = (p: Page) => p.getByRole('heading', { level: 1 }).first().waitFor();

describe('Content-Security-Policy', () => {
  test('anonymous pages load without a violation: home, an article, a table article, search, GraphiQL', async () => {
    const w = await open();
    const seen: string[] = [];
    for (const [url, ready] of [
      ['/', h1],
      [ARTICLE, thread],
      [TABLE_ARTICLE, (p: Page) => p.locator('.article__body table').first().waitFor()],
      ['/search?q=password', (p: Page) => p.getByTestId('search-result').first().waitFor()],
    ] as const) {
      await visit(w, url, ready);
      seen.push(...(await w.violations()).map((v) => `${url}: ${v}`));
    }
    const res = await w.page.goto('/graphql');
    expect(res?.headers()['content-type']).toMatch(/text\/html/);
    await w.page.locator('.graphiql-container').waitFor();
    await w.page.waitForTimeout(300);
    seen.push(...(await w.violations()).map((v) => `/graphql (IDE): ${v}`));
    expect(seen).toEqual([]);
  });

  test('signed-in pages load without a violation: article (member), editor (agent), moderation (moderator)', async () => {
    const seen: string[] = [];
    const member = await open();
    await signIn(member.page, 'member', password);
    await visit(member, ARTICLE, (p) => p.getByLabel('Add a comment').waitFor());
    seen.push(...(await member.violations()).map((v) => `member ${ARTICLE}: ${v}`));

    const agent = await open();
    await signIn(agent.page, 'agent', password);
    await visit(agent, '/new', h1);
    // the editor's live preview renders markdown in the browser (images included: article bodies)
    await agent.page.locator('#body').fill('# Preview\n\n| a | b |\n| :-- | --: |\n| 1 | 2 |\n\n![A screenshot](https://images.example/a.png)\n');
    await agent.page.locator('#panel-preview .prose table').waitFor({ state: 'attached' });
    await agent.page.locator('#panel-preview .prose img').waitFor({ state: 'attached' });
    seen.push(...(await agent.violations()).map((v) => `agent /new: ${v}`));

    const mod = await open();
    await signIn(mod.page, 'moderator', password);
    await visit(mod, '/moderation', (p) => p.getByRole('tab', { name: /Queue/ }).waitFor());
    await visit(mod, '/moderation?tab=log', (p) => p.locator('[data-testid="log-entry"], .empty-state').first().waitFor());
    seen.push(...(await mod.violations()).map((v) => `moderator /moderation: ${v}`));
    expect(seen).toEqual([]);
  });

  test('is enforced: an injected inline script does not run and is reported', async () => {
    const w = await open();
    await visit(w, ARTICLE, thread);
    expect(await w.violations()).toEqual([]);
    await w.page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__injected = 1';
      document.body.append(s);
      const img = document.createElement('div');
      img.innerHTML = '<img src="data:," onerror="window.__injected = 2">';
      document.body.append(img);
    });
    await w.page.waitForTimeout(300);
    expect(await w.page.evaluate(() => window.__injected)).toBeUndefined();
    const reported = await w.violations();
    // (no 'report-sample' in the policy: the event names the directive, not the code)
    expect(reported).toContainEqual(expect.stringMatching(/^\[event\] script-src-elem blocked inline/));
    expect(reported).toContainEqual(expect.stringMatching(/^\[event\] script-src-attr blocked inline/));
  });
});

describe('images in comments', () => {
  test('a member’s image shows as a link the page never loads', async () => {
    const w = await open();
    const requested: string[] = [];
    w.page.on('request', (r) => {
      if (r.url().includes('images.example')) requested.push(r.url());
    });
    await signIn(w.page, 'member', password);
    await visit(w, TABLE_ARTICLE, thread);
    const text = `Here is what I see (e2e ${Date.now().toString(36)}):\n\n![Permissions dialog with the Admin column greyed out](https://images.example/shot.png)`;
    await w.page.getByLabel('Add a comment').fill(text);
    await w.page.getByRole('button', { name: 'Post comment' }).click();
    const mine = w.page.getByTestId('comment').filter({ hasText: 'Here is what I see' }).first();
    await mine.waitFor();
    const link = mine.locator('a.image-link');
    await link.waitFor();
    expect(await link.textContent()).toBe('Permissions dialog with the Admin column greyed out');
    expect(await link.getAttribute('href')).toBe('https://images.example/shot.png');
    expect(await link.getAttribute('rel')).toBe('nofollow ugc noopener');
    expect(await mine.locator('img').count()).toBe(0);
    await mine.scrollIntoViewIfNeeded();
    await w.page.screenshot({ path: path.join(SHOTS, 'article-image-comment.png') });
    expect(requested).toEqual([]);
    expect(await w.violations()).toEqual([]);
  });
});
