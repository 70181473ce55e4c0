// What the job view's Chromium tests share: hostile strings, the check that none of them did anything, and driving
// a control through its confirmation dialog.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';

export const HOSTILE_IMG = '<img src=x onerror=window.__x=1>';
export const HOSTILE_SCRIPT = '</script><script>window.__y=1</script>';

/** What must not have happened on the page: an injected element or link, or a hostile script run. */
export async function nothingInjected(page: Page): Promise<void> {
  assert.equal(await page.locator('img[src=x]').count(), 0, 'no element injected');
  assert.equal(await page.locator('a[href^="javascript:"]').count(), 0, 'no script link');
  assert.deepEqual(await page.evaluate(() => [(window as any).__x, (window as any).__y]), [undefined, undefined]);
}

/** Presses a control's button, confirms in the dialog (whose confirm button has the control's label), waits for the reload. */
export async function confirmControl(page: Page, label: string): Promise<void> {
  await page.locator('.job-controls').getByRole('button', { name: label, exact: true }).click();
  const dialog = page.locator('#confirm-dialog');
  await dialog.waitFor();
  await Promise.all([page.waitForEvent('load'), dialog.getByRole('button', { name: label, exact: true }).click()]);
}

/** The status the job's details show. */
export const shownStatus = (page: Page): Promise<string | null> =>
  page.locator('.job-details').getAttribute('data-status');
