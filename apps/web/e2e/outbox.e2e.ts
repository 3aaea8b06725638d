import type { Page } from 'playwright-core';
import { describe, expect, inject, test } from 'vitest';
import { signIn } from './browser';
import { graphqlFromPage, shot, useBrowser } from './suite';

/*
 * The admin Outbox on the embedded default (no SMTP_URL): a mail the app queued (a password
 * reset) is KEPT and readable by an admin, its HTML in a sandboxed frame, without a single
 * CSP violation; members cannot open it.
 */
const password = inject('demoPassword');
const browser = useBrowser();
const ADDRESS = 'reader07@demo.atrium.example';

declare global {
  interface Window {
    __outboxViolations: string[];
  }
}

async function watchedPage(viewport: 'desktop' | 'phone'): Promise<Page> {
  const ctx = await browser.context(viewport);
  await ctx.addInitScript(() => {
    window.__outboxViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__outboxViolations.push(`${e.effectiveDirective} ${e.blockedURI} ${e.sample}`));
  });
  const page = await ctx.newPage();
  page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) page.evaluate((t) => window.__outboxViolations.push(`[console] ${t}`), m.text()).catch(() => {});
  });
  return page;
}

describe('Outbox', () => {
  test('an admin opens the Outbox from the account menu and reads a kept mail; no CSP violation; members are kept out', async () => {
    const admin = await watchedPage('desktop');
    await signIn(admin, 'admin', password);
    // the app queues a mail, as "Forgot password" does
    await graphqlFromPage(admin, 'mutation($input: RequestPasswordResetInput!) { requestPasswordReset(input: $input) { email } }', { input: { email: ADDRESS } });

    await admin.getByRole('button', { name: /account menu/ }).click();
    await admin.getByRole('menuitem', { name: 'Outbox' }).click();
    await admin.waitForURL('**/outbox');
    await admin.getByRole('heading', { level: 1, name: 'Outbox' }).waitFor();
    expect(await admin.getByTestId('outbox-kept-notice').textContent()).toContain('No SMTP server is configured');
    const row = admin.getByTestId('outbox-row').filter({ hasText: ADDRESS }).first();
    await row.waitFor();
    expect(await row.getByTestId('mail-status').textContent()).toContain('Kept');
    await shot(admin, 'outbox-desktop');

    // the address filter, kept in the URL
    await admin.getByLabel('Recipient').fill('reader07@');
    await admin.waitForURL(/to=reader07/);
    await admin.waitForFunction(() => [...document.querySelectorAll('[data-testid="outbox-row-to"]')].every((e) => e.textContent?.includes('reader07@')));

    await row.click();
    await admin.waitForURL(/\/outbox\/[A-Za-z0-9_-]+$/);
    const view = admin.getByTestId('mail-view');
    await view.waitFor();
    expect(await admin.getByTestId('mail-to').textContent()).toContain(ADDRESS);
    const frame = admin.getByTestId('mail-html');
    expect(await frame.getAttribute('sandbox')).toBe('');
    // the HTML part renders inside the frame, with a link back to the site
    const inFrame = admin.frameLocator('[data-testid="mail-html"]');
    await inFrame.locator('body').waitFor();
    expect((await inFrame.locator('body').textContent())?.length).toBeGreaterThan(10);
    expect(await inFrame.locator('a[href*="/reset-password"]').count()).toBeGreaterThan(0);
    await shot(admin, 'outbox-mail-desktop');
    await admin.getByRole('button', { name: 'Text', exact: true }).click();
    expect(await admin.getByTestId('mail-text').textContent()).toContain('/reset-password');
    await admin.getByRole('button', { name: 'HTML', exact: true }).click();
    await admin.waitForTimeout(300);
    expect(await admin.evaluate(() => window.__outboxViolations)).toEqual([]);

    // phone
    const phone = await watchedPage('phone');
    await signIn(phone, 'admin', password);
    await phone.goto('/outbox');
    await phone.getByTestId('outbox-row').first().waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await shot(phone, 'outbox-phone');
    await phone.goto(admin.url().replace(/^https?:\/\/[^/]+/, ''));
    await phone.getByTestId('mail-view').waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await shot(phone, 'outbox-mail-phone');
    expect(await phone.evaluate(() => window.__outboxViolations)).toEqual([]);

    // a member: no menu entry, and the page is refused
    const member = await watchedPage('desktop');
    await signIn(member, 'member', password);
    await member.getByRole('button', { name: /account menu/ }).click();
    expect(await member.getByRole('menuitem', { name: 'Outbox' }).count()).toBe(0);
    await member.goto('/outbox');
    await member.waitForTimeout(500);
    expect(await member.getByTestId('outbox-row').count()).toBe(0);
  });
});
