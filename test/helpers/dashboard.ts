// Driving /dashboard in headless Chromium: sign in with a key, collect what must never happen on a page (console
// errors, CSP violations, uncaught exceptions, requests to anywhere but the API), save screenshots.
import assert from 'node:assert/strict';
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

/** Text to put in user-supplied fields: each would inject an element, run a script or make a live link if rendered as HTML. */
export const HOSTILE_IMG = '<img src=x onerror=window.__x=1>';
export const HOSTILE_SCRIPT = '</script><script>window.__y=1</script>';
export const HOSTILE_LINK = 'javascript:window.__z=1';

/** Fails when the page shows any sign that hostile text was rendered as HTML: an element, a script run, a link. */
export async function nothingInjected(page: Page, where = page.url()): Promise<void> {
  assert.equal(await page.locator('img[src=x]').count(), 0, `${where}: no element injected`);
  assert.equal(await page.locator('script:not([src])').count(), 0, `${where}: no inline script element`);
  const links = page.locator('[href^="javascript:" i], [src^="javascript:" i], [action^="javascript:" i]');
  assert.equal(await links.count(), 0, `${where}: no javascript: link`);
  const ran = await page.evaluate(() => [(window as any).__x, (window as any).__y, (window as any).__z]);
  assert.deepEqual(ran, [undefined, undefined, undefined], `${where}: no hostile script ran`);
}
