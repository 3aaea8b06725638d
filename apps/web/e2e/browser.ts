import fs from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/**
 * Which Chromium to drive (playwright-core never downloads one): CHROMIUM_PATH when set,
 * Debian's /usr/bin/chromium when installed, otherwise the headless Chromium shipped inside
 * the npm package @sparticuz/chromium (unpacked to the temp folder on first use), so the tests
 * pass on a machine with Node and nothing else.
 */
export async function chromiumExecutable(): Promise<string> {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  if (fs.existsSync(DEBIAN_CHROMIUM)) return DEBIAN_CHROMIUM;
  const { default: packaged } = await import('@sparticuz/chromium');
  return packaged.executablePath();
}

/**
 * Launches Chromium headless with the flags this machine needs (no sandbox as root, no
 * background connections to Google's hosts, which the closed network refuses). The packaged
 * build's own flag list is not used: it turns off web security, which the CSP tests need.
 * Shared by the e2e suite and the screenshot script.
 */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: await chromiumExecutable(),
    headless: true,
    args: ['--headless', '--no-sandbox', '--no-zygote', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
  });
}

export const VIEWPORTS = {
  desktop: { width: 1280, height: 860 },
  phone: { width: 390, height: 844 },
} as const;

export async function newContext(
  browser: Browser,
  baseURL: string,
  viewport: keyof typeof VIEWPORTS = 'desktop',
): Promise<BrowserContext> {
  return browser.newContext({
    baseURL,
    viewport: VIEWPORTS[viewport],
    deviceScaleFactor: 1,
    reducedMotion: 'reduce',
    ...(viewport === 'phone' ? { isMobile: true, hasTouch: true } : {}),
  });
}

/** Signs in through the real form (sets the httpOnly session cookie in this context). */
export async function signIn(page: Page, login: string, password: string): Promise<void> {
  await page.goto('/signin');
  await page.getByLabel('Handle or email').fill(login);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname !== '/signin');
}
