// What the job view's Chromium tests share: driving a control through its confirmation dialog, reading its status.
import type { Page } from 'playwright-core';

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
