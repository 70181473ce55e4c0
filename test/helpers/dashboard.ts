// Driving /dashboard in headless Chromium: sign in with a key, collect what must never happen on a page (console
// errors, CSP violations, uncaught exceptions, requests to anywhere but the API), save screenshots.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';

export const DASHBOARD_SCREENSHOTS = path.join(process.env.AFTERWARD_TEST_OUTPUT ?? 'test-output', 'dashboard');

/** Signs in through the sign-in page and waits for the page it leads to. */
export async function signIn(page: Page, apiUrl: string, key: string, next = '/dashboard'): Promise<void> {
  await page.goto(`${apiUrl}/dashboard/sign-in?next=${encodeURIComponent(next)}`);
  await page.getByLabel('API key').fill(key);
  await Promise.all([
    page.waitForURL((url) => url.pathname === next.split('?')[0]),
    page.getByRole('button', { name: 'Sign in' }).click(),
  ]);
}

export interface PageWatch {
  /** Console errors, CSP violations, uncaught exceptions and requests that left the API's origin, in order. */
  problems: string[];
}

/** Starts collecting what must never happen on a dashboard page. */
export function watchPage(page: Page, apiUrl: string): PageWatch {
  const origin = new URL(apiUrl).origin;
  const watch: PageWatch = { problems: [] };
  page.on('console', (message) => {
    if (message.type() === 'error' || /Content Security Policy/i.test(message.text()))
      watch.problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (err) => watch.problems.push(`page error: ${err.message}`));
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(`${origin}/`) && !url.startsWith('data:')) watch.problems.push(`request to ${url}`);
  });
  return watch;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(DASHBOARD_SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(DASHBOARD_SCREENSHOTS, `${name}.png`), fullPage: true });
}
