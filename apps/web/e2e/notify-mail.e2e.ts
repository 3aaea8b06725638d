import { describe, expect, inject, test } from 'vitest';
import { signIn } from './browser';
import { graphqlFromPage, shot, useBrowser } from './suite';

const password = inject('demoPassword');
const browser = useBrowser();

const open = (viewport: 'desktop' | 'phone' = 'desktop') => browser.page(viewport);

const PREFS = '{ viewer { notificationPreferences { replies follows moderation } } }';
type Prefs = { viewer: { notificationPreferences: Record<string, string> } };

describe('email notification settings', () => {
  test('a member changes them on the account page; they are kept', async () => {
    const page = await open();
    await signIn(page, 'member', password);
    await page.goto('/account');
    const section = page.getByRole('region', { name: 'Email notifications' });
    await section.waitFor();
    const replies = section.getByLabel('Replies to me');
    const follows = section.getByLabel('Articles I follow');
    expect(await replies.inputValue()).toBe('INSTANTLY');
    expect(await follows.inputValue()).toBe('DAILY');
    const save = section.getByRole('button', { name: 'Save email settings' });
    expect(await save.isDisabled()).toBe(true);
    await follows.selectOption('WEEKLY');
    await section.getByLabel('Moderation of my comments').selectOption('NEVER');
    await save.click();
    await section.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    expect((await graphqlFromPage<Prefs>(page, PREFS)).viewer.notificationPreferences).toEqual({ replies: 'INSTANTLY', follows: 'WEEKLY', moderation: 'NEVER' });
    await page.reload();
    await section.waitFor();
    expect(await follows.inputValue()).toBe('WEEKLY');
    await shot(page, 'notify-mail-account-desktop');
    // the defaults back, for other files that use the demo member
    await graphqlFromPage(page, 'mutation { updateNotificationPreferences(input: { follows: DAILY, moderation: INSTANTLY }) { notificationPreferences { follows } } }');

    const phone = await open('phone');
    await signIn(phone, 'member', password);
    await phone.goto('/account#email-notifications');
    await phone.getByRole('region', { name: 'Email notifications' }).waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await shot(phone, 'notify-mail-account-phone');
  });

  test('an unsubscribe link with a bad signature is a clear error page, without signing in', async () => {
    for (const viewport of ['desktop', 'phone'] as const) {
      const page = await open(viewport);
      const res = await page.goto('/unsubscribe?token=bm90LWEtdG9rZW4.Zm9yZ2Vk');
      expect(res?.status()).toBe(400);
      await page.getByRole('heading', { name: 'This unsubscribe link is not valid' }).waitFor();
      expect(await page.getByText('Nothing was changed.').isVisible()).toBe(true);
      await shot(page, `notify-mail-unsubscribe-invalid-${viewport}`);
    }
  });
});
