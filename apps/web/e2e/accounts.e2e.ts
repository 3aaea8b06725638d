import type { Page } from 'playwright-core';
import { describe, expect, inject, test } from 'vitest';
import { signIn } from './browser';
import { linkIn, shot, useBrowser, useMailbox } from './suite';

/*
 * Accounts (#20): sign-up → verification mail → confirm; forgot password → mail → new
 * password (the old session ends) → the link again is refused; bad links get a clear page.
 * Mails are read from the admin's outbox (useMailbox in suite.ts).
 */
const password = inject('demoPassword');
const browser = useBrowser();
const stamp = Date.now().toString(36);
const NEW_PASSWORD = 'plum orchard lantern 42';

const mailTo = useMailbox(browser, password);

describe('accounts: verification and password reset', () => {
  const handle = `acc_${stamp}`;
  const email = `${handle}@example.com`;

  test('sign-up mails a verification link; the account page asks to verify; the link confirms the address', async () => {
    const page = await browser.page();
    await page.goto('/signup');
    await page.getByLabel('Your name').fill('Vera Verify');
    await page.getByLabel('Handle').fill(handle);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('long enough passphrase');
    await page.getByRole('button', { name: /create/i }).click();
    await page.waitForURL((u) => u.pathname !== '/signup');

    await page.goto('/account');
    await page.getByTestId('verify-banner').waitFor();
    await shot(page, 'accounts-account-unverified-desktop');
    const phone = await browser.context('phone');
    await phone.addCookies(await page.context().cookies());
    const phonePage = await phone.newPage();
    await phonePage.goto('/account');
    await phonePage.getByTestId('verify-banner').waitFor();
    await shot(phonePage, 'accounts-account-unverified-phone');

    const mail = await mailTo(email, 'VERIFY_EMAIL');
    expect(mail.subject).toBe('Confirm your email address');
    await page.goto(linkIn(mail.text, '/verify-email'));
    await page.getByRole('heading', { name: 'Confirm your email address' }).waitFor();
    await shot(page, 'accounts-verify-email-desktop');
    await page.getByRole('button', { name: 'Confirm my email address' }).click();
    await page.getByTestId('email-verified').waitFor();
    await shot(page, 'accounts-verify-email-done-desktop');

    await page.goto('/account');
    await page.getByTestId('account-email').getByText('Verified', { exact: true }).waitFor();
    expect(await page.getByTestId('verify-banner').count()).toBe(0);
  });

  test('forgot password → mail → new password: signed in here, the old session ends, the link works once', async () => {
    const before = await browser.page();
    await signIn(before, handle, 'long enough passphrase');

    const page = await browser.page();
    await page.goto('/signin');
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await page.waitForURL('**/forgot-password');
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Send me a link' }).click();
    await page.getByTestId('reset-requested').waitFor();
    await shot(page, 'accounts-forgot-sent-desktop');

    const link = linkIn((await mailTo(email, 'PASSWORD_RESET')).text, '/reset-password');
    await page.goto(link);
    await page.getByLabel('New password').fill('password');
    await page.getByRole('button', { name: 'Set password and sign in' }).click();
    await page.locator('#new-password-help.field__error').waitFor();
    await shot(page, 'accounts-reset-refused-password-desktop');
    await page.getByLabel('New password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Set password and sign in' }).click();
    await page.waitForURL('**/account?passwordReset=1');
    await page.getByText('Your new password is set and you are signed in.').waitFor();
    await shot(page, 'accounts-reset-done-desktop');

    // the browser signed in before the reset is signed out
    await before.goto('/account');
    await before.waitForURL((u) => u.pathname === '/signin');

    // the same link again: a clear page, and the way to a new one
    const again = await browser.page('phone');
    await again.goto(link);
    await again.getByLabel('New password').fill('another fine passphrase');
    await again.getByRole('button', { name: 'Set password and sign in' }).click();
    await again.getByRole('heading', { name: 'This link was already used' }).waitFor();
    await shot(again, 'accounts-reset-used-phone');
    await again.getByRole('link', { name: 'Ask for a new link' }).click();
    await again.waitForURL('**/forgot-password');

    const fresh = await browser.page();
    await signIn(fresh, email, NEW_PASSWORD);
  });

  for (const viewport of ['desktop', 'phone'] as const) {
    test(`bad links and the forgot-password form (${viewport})`, async () => {
      const page = await browser.page(viewport);
      await page.goto('/forgot-password');
      await page.getByRole('heading', { name: 'Forgot your password?' }).waitFor();
      await shot(page, `accounts-forgot-${viewport}`);
      await page.goto('/signin');
      await page.getByRole('link', { name: 'Forgot password?' }).waitFor();
      await shot(page, `accounts-signin-${viewport}`);

      await page.goto(`/reset-password?token=${'A'.repeat(43)}`);
      await page.getByLabel('New password').fill(NEW_PASSWORD);
      await page.getByRole('button', { name: 'Set password and sign in' }).click();
      await page.getByRole('heading', { name: 'This link doesn’t work' }).waitFor();
      await shot(page, `accounts-reset-forged-${viewport}`);

      await page.goto('/verify-email');
      await page.getByRole('heading', { name: 'This link is incomplete' }).waitFor();
      await page.goto('/verify-email?token=forged');
      await page.getByRole('button', { name: 'Confirm my email address' }).click();
      await page.getByRole('heading', { name: 'This link doesn’t work' }).waitFor();
      await shot(page, `accounts-verify-forged-${viewport}`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    });
  }
});
