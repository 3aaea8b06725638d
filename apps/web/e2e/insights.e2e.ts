import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, test } from 'vitest';
import { signIn } from './browser';
import { SHOTS, graphqlFromPage, shot, useBrowser } from './suite';

/*
 * Article health (#22) on the demo help center: a support lead opens the dashboard from the
 * account menu, sees the failing article first with its reasons (helpfulness fell, readers
 * say it is outdated, review overdue), marks it reviewed and publishes a revision in the
 * editor, and watches its alarm clear; the CSV export downloads the dashboard; members are
 * kept out. Desktop and phone screenshots; with E2E_DOCS_IMAGES=1 the first one is also
 * written to docs/images/insights-dashboard.png (the README's).
 */
const password = inject('demoPassword');
const browser = useBrowser();
const TITLE = 'Calendar sync is delayed or shows duplicates';
const DOCS_IMAGE = path.resolve(import.meta.dirname, '../../../docs/images/insights-dashboard.png');

describe('article health', () => {
  test('a support lead sees a failing article with its reasons, fixes it and watches its alarm clear', async () => {
    const page = await browser.page('desktop');
    await signIn(page, 'agent', password);
    await page.getByRole('button', { name: /account menu/ }).click();
    await page.getByRole('menuitem', { name: 'Article health' }).click();
    await page.waitForURL('**/insights');
    await page.getByRole('heading', { level: 1, name: 'Article health' }).waitFor();

    const item = page.getByTestId('attention-item').first();
    await item.waitFor();
    expect(await item.getByRole('heading', { level: 3 }).textContent()).toContain(TITLE);
    const reasons = () => item.getByTestId('attention-reason').allTextContents();
    expect(await reasons()).toEqual(
      expect.arrayContaining(['Helpfulness fell from 80 % to 45 % over 4 weeks (40 votes)', '11 readers said it is outdated', 'Review overdue by 30 days']),
    );
    // the dashboard: numbers and the three charts drawn
    await page.getByTestId('stat-views').waitFor();
    expect(Number((await page.getByTestId('stat-views').textContent())!.replace(/,/g, ''))).toBeGreaterThan(1000);
    expect(await page.locator('.insights-chart canvas').count()).toBe(3);
    expect(await page.getByTestId('no-result-searches').textContent()).toContain('reset password sso');
    await page.waitForTimeout(300); // let the charts finish their first frame before the picture
    await shot(page, 'insights-dashboard-desktop');
    // the README's picture, when asked for (E2E_DOCS_IMAGES=1): a run does not rewrite a checked-in file
    if (process.env.E2E_DOCS_IMAGES === '1') {
      mkdirSync(path.dirname(DOCS_IMAGE), { recursive: true });
      await page.screenshot({ path: DOCS_IMAGE, fullPage: false });
    }

    // CSV export of what the dashboard shows
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('insights-csv').click()]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toBe('table,key,value,detail');
    expect(csv).toContain('no_result_searches,reset password sso,');

    // fix 1: mark it reviewed (who and when are recorded): the review reason goes
    await item.getByRole('button', { name: 'Mark reviewed' }).click();
    await expect.poll(reasons).not.toContain('Review overdue by 30 days');
    expect(await item.textContent()).toContain('Reviewed by @agent');

    // fix 2: publish a revision in the editor: the helpfulness alarm clears and a new window starts
    await item.getByRole('link', { name: 'Open the editor' }).click();
    await page.waitForURL(/\/articles\/calendar-sync-is-delayed-or-duplicated\/edit$/);
    await expect.poll(() => page.locator('#body').inputValue()).not.toBe('');
    const body = await page.locator('#body').inputValue();
    await page.locator('#body').fill(`${body}\n\n## Since the March calendar update\n\nReconnect the calendar once under **Settings → Integrations** to stop duplicates.`);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText(/^Saved at/).waitFor();

    await page.goto('/insights');
    await page.getByTestId('attention-queue').waitFor();
    const after = await graphqlFromPage<{ attentionQueue: { nodes: Array<{ article: { title: string } | null; reasons: Array<{ kind: string }> }> } }>(
      page,
      'query { attentionQueue(first: 100) { nodes { article { title } reasons { kind } } } }',
    );
    const mine = after.attentionQueue.nodes.find((n) => n.article?.title === TITLE);
    expect(mine?.reasons.map((r) => r.kind) ?? []).not.toContain('HELPFULNESS_FELL');
    expect(mine?.reasons.map((r) => r.kind) ?? []).not.toContain('OUTDATED');
    const shown = page.getByTestId('attention-item').filter({ hasText: TITLE });
    if (await shown.count()) expect(await shown.getByTestId('attention-reason').allTextContents()).not.toContain('11 readers said it is outdated');
    await shot(page, 'insights-after-fix-desktop');
  });

  test('on a phone the queue and charts fit the screen; members are kept out', async () => {
    const page = await browser.page('phone');
    await signIn(page, 'agent', password);
    await page.goto('/insights?days=90');
    await page.getByTestId('attention-item').first().waitFor();
    await page.getByTestId('stat-views').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.waitForTimeout(300);
    await shot(page, 'insights-dashboard-phone');
    await page.screenshot({ path: path.join(SHOTS, 'insights-dashboard-phone-top.png') });

    const member = await browser.page('desktop');
    await signIn(member, 'member', password);
    await member.goto('/insights');
    await member.getByRole('heading', { level: 1 }).waitFor();
    expect(await member.getByRole('heading', { level: 1 }).textContent()).not.toContain('Article health');
    const denied = await member.evaluate(async () => {
      const res = await fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ attentionQueue(first: 1) { totalCount } }' }) });
      return (await res.json()).errors?.[0]?.extensions?.code;
    });
    expect(denied).toBe('FORBIDDEN');
  });
});
