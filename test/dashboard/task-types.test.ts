// The task types view in Chromium over the real stack: each registered type with its settings, its open and failed
// jobs linked to the jobs view, a change through PATCH and a delete through DELETE after a confirmation (refused while
// a job of the type waits to run), hostile descriptions as text, and nothing for a key without tasks:admin.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { type AllKindsStack, startAllKindsStack } from '../helpers/all-kinds-stack';
import { type Browser, chromiumMissing, launchChromium } from '../helpers/chromium';
import {
  HOSTILE_IMG,
  HOSTILE_SCRIPT,
  nothingInjected,
  type PageWatch,
  screenshot,
  signIn,
  watchPage,
} from '../helpers/dashboard';
import { waitFor } from '../helpers/wait-for';

const HOSTILE_DESCRIPTION = `${HOSTILE_IMG} ${HOSTILE_SCRIPT}`;

/** The names of the types the table shows, in order. */
const rowNames = (page: Page): Promise<string[]> =>
  page
    .locator('table.task-types tbody tr[data-task-type]')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-task-type')!));

describe('dashboard task types view', { skip: chromiumMissing() }, () => {
  let stack: AllKindsStack;
  let browser: Browser;
  let page: Page;
  let watch: PageWatch;
  let waitingJob = '';
  const open = async () => (await page.goto(`${stack.api.url}/dashboard/task-types`))!.status();
  const row = (name: string) => page.locator(`tr[data-task-type="${name}"]`);
  const flash = () => page.locator('#flash');
  /** Drops the console lines Chromium logs for an API answer with this status (an action the API refused). */
  const refusedCallsOnly = (from: number, status: number) => {
    const rest = watch.problems.splice(from).filter((p) => !p.includes(`status of ${status}`));
    assert.deepEqual(rest, []);
  };

  before(async () => {
    stack = await startAllKindsStack('dashboard-task-types');
    await stack.registerTaskType('report.daily');
    await stack.registerTaskType('cleanup.old');
    const hostile = await stack.api.request('POST', '/v1/task-types', {
      name: 'hostile.type',
      url: `${stack.taskApp.origin}/hostile`,
      description: HOSTILE_DESCRIPTION,
      concurrency: 2,
      ratePerSecond: 5,
      heartbeatTimeout: '30s',
    });
    assert.equal(hostile.status, 201, JSON.stringify(hostile.body));
    const started = await stack.api.request('POST', '/v1/tasks/report.daily', {
      type: 'report.daily',
      payload: { day: 1 },
      delay: '1h',
    });
    assert.equal(started.status, 202, JSON.stringify(started.body));
    waitingJob = started.body.id;
    await waitFor(
      async () => (await stack.api.request('GET', '/v1/jobs?taskType=report.daily')).body.jobs?.length === 1,
      { timeoutMs: 30_000, intervalMs: 300, what: 'the waiting task job in visibility' },
    );
    browser = await launchChromium();
    page = browser.page;
    watch = watchPage(page, stack.api.url);
    await signIn(page, stack.api.url, stack.api.key!, '/dashboard/task-types');
  });
  after(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('lists every registered type with its settings and open jobs, linked to the jobs view', async () => {
    assert.equal(await open(), 200);
    assert.deepEqual(await rowNames(page), ['cleanup.old', 'hostile.type', 'report.daily']);
    const report = row('report.daily');
    assert.ok((await report.innerText()).includes(`${stack.taskApp.origin}/report.daily`), 'its URL');
    assert.match(await report.innerText(), /1m/, 'the default timeout');
    assert.match(await report.innerText(), /5 attempts, 10s ×2 up to 10m/);
    assert.equal(await report.locator('td.task-type-limits').innerText(), 'none');
    assert.equal(await row('hostile.type').locator('td.task-type-limits').innerText(), '2 at a time · 5/s');
    assert.match(await row('hostile.type').innerText(), /30s/, 'its heartbeat timeout');

    assert.equal(await report.locator('a[data-count="open"]').innerText(), '1 open');
    assert.equal(await row('cleanup.old').locator('a[data-count="open"]').innerText(), '0 open');
    assert.equal(await report.locator('a[data-count="failed"]').innerText(), '0 failed');
    assert.equal(
      await report.locator('a[data-count="failed"]').getAttribute('href'),
      '/dashboard/jobs?taskType=report.daily&status=failed',
    );
    await Promise.all([
      page.waitForURL(/\/dashboard\/jobs\?taskType=report.daily$/),
      report.getByText('1 open').click(),
    ]);
    const jobs = await page
      .locator('tbody tr[data-job-id]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-job-id')));
    assert.deepEqual(jobs, [waitingJob], 'the jobs view filtered by the type');
    assert.deepEqual(watch.problems, []);
  });

  it('renders a hostile description as text', async () => {
    await open();
    assert.equal(await row('hostile.type').locator('.task-type-description').innerText(), HOSTILE_DESCRIPTION);
    await nothingInjected(page);
    await screenshot(page, 'task-types');
    assert.deepEqual(watch.problems, []);
  });

  it('changes a type through PATCH, and shows the API refusing a bad value', async () => {
    await open();
    const cleanup = row('cleanup.old');
    await cleanup.getByText('Change').click();
    await cleanup.getByLabel('Concurrency').fill('3');
    await cleanup.getByLabel('Calls per second').fill('2');
    await Promise.all([page.waitForEvent('load'), cleanup.getByRole('button', { name: 'Save' }).click()]);
    assert.equal(await row('cleanup.old').locator('td.task-type-limits').innerText(), '3 at a time · 2/s');
    const changed = await stack.api.request('GET', '/v1/task-types/cleanup.old');
    assert.equal(changed.body.concurrency, 3);
    assert.equal(changed.body.ratePerSecond, 2);
    assert.equal(changed.body.timeout, '1m', 'the fields left as they were keep their value');

    const problemsBefore = watch.problems.length;
    await row('cleanup.old').getByText('Change').click();
    await row('cleanup.old').getByLabel('Timeout').fill('forever');
    await row('cleanup.old').getByRole('button', { name: 'Save' }).click();
    await page.locator('#flash[data-kind="error"]').waitFor();
    assert.match(await flash().innerText(), /Change cleanup.old failed: timeout: must be a duration/);
    assert.equal((await stack.api.request('GET', '/v1/task-types/cleanup.old')).body.timeout, '1m');
    refusedCallsOnly(problemsBefore, 400);
  });

  it('deletes a type after a confirmation, and shows the refusal while a job of the type waits', async () => {
    await open();
    await row('cleanup.old').getByRole('button', { name: 'Delete' }).click();
    const dialog = page.locator('#confirm-dialog');
    await dialog.getByText('Delete task type cleanup.old?').waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    assert.equal((await stack.api.request('GET', '/v1/task-types/cleanup.old')).status, 200, 'cancelled: kept');

    const problemsBefore = watch.problems.length;
    await row('report.daily').getByRole('button', { name: 'Delete' }).click();
    await dialog.locator('[data-confirm-button]').click();
    await page.locator('#flash[data-kind="error"]').waitFor();
    assert.match(await flash().innerText(), /Delete report.daily failed: .*1 running job/);
    assert.equal((await stack.api.request('GET', '/v1/task-types/report.daily')).status, 200, 'refused: kept');
    refusedCallsOnly(problemsBefore, 409);

    await row('cleanup.old').getByRole('button', { name: 'Delete' }).click();
    await Promise.all([page.waitForEvent('load'), dialog.locator('[data-confirm-button]').click()]);
    assert.deepEqual(await rowNames(page), ['hostile.type', 'report.daily']);
    assert.equal((await stack.api.request('GET', '/v1/task-types/cleanup.old')).status, 404);
    assert.deepEqual(watch.problems, []);
  });

  it('shows a key without tasks:admin neither the menu entry nor the page', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((url) => url.pathname === '/dashboard/sign-in');
    await signIn(page, stack.api.url, stack.api.readerKey!, '/dashboard/jobs');
    assert.equal(await page.locator('header nav a', { hasText: 'Task types' }).count(), 0);
    assert.equal(await open(), 403);
    await page.getByRole('heading', { name: 'Not allowed' }).waitFor();
    assert.equal(await page.locator('form[data-api]').count(), 0, 'no controls');
    const api = await stack.api.request('DELETE', '/v1/task-types/report.daily', undefined, {
      authorization: `Bearer ${stack.api.readerKey}`,
    });
    assert.equal(api.status, 403, 'and the API refuses it too');
  });
});
