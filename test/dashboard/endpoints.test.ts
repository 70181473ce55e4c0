// The webhook endpoints view in Chromium over the real stack: an endpoint that delivered, then failed shows its
// success rate and since when it fails; one that answered 410 shows it was disabled and why, and is enabled through
// the dialog; recovering since a time sends the failed deliveries again, and they succeed; hostile endpoint text stays
// text; a key without webhooks:admin has no menu entry and is refused the pages.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { type Handler, reply } from '../activities/webhooks/receiver';
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

describe('dashboard webhook endpoints view', { skip: chromiumMissing() }, () => {
  let stack: AllKindsStack;
  let browser: Browser;
  let page: Page;
  let watch: PageWatch;
  // The receiver answers per endpoint path; the flaky endpoint's answer changes as the test goes.
  let flaky: Handler = reply(200);
  const endpoints = { flaky: '', gone: '' };
  const failedJobs: string[] = [];
  let firstFailureAt = '';

  const deliver = async (endpointId: string): Promise<any> => {
    const id = (await stack.send({ endpointId, event: 'invoice.paid' })).jobs[0].id;
    return stack.closedJob(id);
  };
  const open = async (path: string) => (await page.goto(`${stack.api.url}/dashboard/endpoints${path}`))!.status();
  const card = (name: string) => page.locator(`[data-health="${name}"] .value`).innerText();
  /** Clicks an action's button and confirms in the dialog; answers what the dialog asked. */
  const confirmIn = async (button: string, confirm: string): Promise<string> => {
    await page.getByRole('button', { name: button, exact: true }).click();
    const dialog = page.locator('#confirm-dialog[open]');
    await dialog.waitFor();
    const asked = await dialog.innerText();
    await dialog.getByRole('button', { name: confirm, exact: true }).click();
    return asked;
  };

  before(async () => {
    stack = await startAllKindsStack('dashboard-endpoints', { retryScheduleMs: [0] });
    stack.handler = (request, response) => (request.path.startsWith('/gone') ? reply(410) : flaky)(request, response);
    const flakyEndpoint = await stack.createEndpoint({
      eventTypes: ['invoice.paid'],
      description: `${HOSTILE_IMG} ${HOSTILE_SCRIPT}`,
    });
    endpoints.flaky = flakyEndpoint.id;
    for (let n = 0; n < 3; n++) assert.equal((await deliver(endpoints.flaky)).status, 'succeeded');
    flaky = reply(500);
    for (let n = 0; n < 2; n++) {
      const job = await deliver(endpoints.flaky);
      assert.equal(job.status, 'failed');
      failedJobs.push(job.id);
    }
    firstFailureAt = (await stack.attempts(failedJobs[0]!))[0].at;
    const goneEndpoint = await stack.createEndpoint(
      { eventTypes: ['invoice.paid'], description: 'Leaves with a 410' },
      `/gone?note=${HOSTILE_IMG}`,
    );
    endpoints.gone = goneEndpoint.id;
    assert.equal((await deliver(endpoints.gone)).status, 'failed');
    await waitFor(
      async () => (await stack.api.request('GET', `/v1/webhook-endpoints/${endpoints.gone}`)).body.enabled === false,
      { what: 'the 410 endpoint disabled' },
    );
    browser = await launchChromium();
    page = browser.page;
    watch = watchPage(page, stack.api.url);
    await signIn(page, stack.api.url, stack.api.key!, '/dashboard/endpoints');
  });
  after(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('lists every endpoint with its state, recent success rate and failure run, hostile text as text', async () => {
    assert.equal(await open(''), 200);
    const flakyRow = page.locator(`tr[data-endpoint-id="${endpoints.flaky}"]`);
    const goneRow = page.locator(`tr[data-endpoint-id="${endpoints.gone}"]`);
    assert.match(await flakyRow.innerText(), /enabled/);
    assert.match(await flakyRow.innerText(), /60%/, '3 of 5 attempts delivered');
    assert.equal(await flakyRow.locator('time').getAttribute('datetime'), firstFailureAt);
    assert.ok((await flakyRow.innerText()).includes(`${HOSTILE_IMG} ${HOSTILE_SCRIPT}`), 'the description as text');
    assert.match(await goneRow.innerText(), /disabled · gone/);
    assert.ok((await goneRow.innerText()).includes(`/gone?note=${HOSTILE_IMG}`), 'the URL as text');
    assert.equal(await page.locator('header nav a[aria-current="page"]').innerText(), 'Webhook endpoints');
    await nothingInjected(page);
    await screenshot(page, 'endpoints');
    assert.deepEqual(watch.problems, []);
  });

  it("shows a failing endpoint's health and its recent attempts, newest first, each linking to its job", async () => {
    await page.locator(`a[href="/dashboard/endpoints/${endpoints.flaky}"]`).click();
    await page.waitForURL(`**/dashboard/endpoints/${endpoints.flaky}`);
    assert.equal(await card('state'), 'Enabled');
    assert.equal(await card('success-rate'), '60%');
    assert.match(await page.locator('[data-health="success-rate"]').innerText(), /3 of 5 recent attempts delivered/);
    assert.equal(await page.locator('[data-health="failing-since"] time').getAttribute('datetime'), firstFailureAt);
    const outcomes = await page
      .locator('table.endpoint-attempts tbody tr')
      .evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.outcome));
    assert.deepEqual(outcomes, ['retry', 'retry', 'delivered', 'delivered', 'delivered']);
    const failed = page.locator(`table.endpoint-attempts tr[data-job-id="${failedJobs[1]}"]`);
    assert.match(await failed.innerText(), /500/);
    assert.equal(await failed.locator('a').getAttribute('href'), `/dashboard/jobs/${failedJobs[1]}`);
    assert.ok((await page.locator('dd.endpoint-description').innerText()).includes(HOSTILE_SCRIPT));
    await nothingInjected(page);
    assert.deepEqual(watch.problems, []);
  });

  it('shows the 410 endpoint disabled and why, enables it through the dialog, and disables it by hand', async () => {
    assert.equal(await open(`/${endpoints.gone}`), 200);
    assert.equal(await card('state'), 'Disabled');
    assert.match(await page.locator('[data-health="disabled"]').innerText(), /410 Gone/);
    assert.equal(await page.locator('form[data-recover]').count(), 0, 'no recovery while disabled');
    await screenshot(page, 'endpoint-disabled');
    const asked = await confirmIn('Enable', 'Enable');
    assert.match(asked, /Enable this endpoint\?/);
    await page.locator('[data-health="state"] .value', { hasText: 'Enabled' }).waitFor();
    assert.equal(await page.locator('[data-health="disabled"]').count(), 0);
    const stored = (await stack.api.request('GET', `/v1/webhook-endpoints/${endpoints.gone}`)).body;
    assert.deepEqual([stored.enabled, stored.disabledReason], [true, null]);

    assert.match(await confirmIn('Disable', 'Disable'), /Disable this endpoint\?/);
    await page.locator('[data-health="disabled"]', { hasText: 'disabled by hand' }).waitFor();
    assert.equal(await card('state'), 'Disabled');
    await nothingInjected(page);
    assert.deepEqual(watch.problems, []);
  });

  it('recovers the failed deliveries since a preset time: they are sent again and succeed', async () => {
    flaky = reply(200);
    assert.equal(await open(`/${endpoints.flaky}`), 200);
    await page.getByRole('button', { name: 'Last hour' }).click();
    const since = await page.getByLabel('Recover failed deliveries since').inputValue();
    assert.match(since, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    const asked = await confirmIn('Recover', 'Recover');
    assert.ok(asked.includes(new Date(since).toISOString()), `the dialog names the time: ${asked}`);
    const result = page.locator('[data-recover-result]');
    await result.getByText('2 failed deliveries started again').waitFor();
    const linked = await result.locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    assert.deepEqual(linked.sort(), failedJobs.map((id) => `/dashboard/jobs/${id}`).sort());
    for (const id of failedJobs)
      await waitFor(async () => (await stack.api.request('GET', `/v1/jobs/${id}`)).body.status === 'succeeded', {
        what: `${id} delivered on recovery`,
      });
    await page.reload();
    assert.equal(await card('failing-since'), 'Not failing');
    assert.equal(await card('success-rate'), '100%', 'each job counts by its latest run');
    await screenshot(page, 'endpoint');
    await nothingInjected(page);
    assert.deepEqual(watch.problems, []);
  });

  it('refuses a key without webhooks:admin: no menu entry, a 403 page, and the API says no', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((url) => url.pathname === '/dashboard/sign-in');
    await signIn(page, stack.api.url, stack.api.readerKey!, '/dashboard/jobs');
    assert.equal(await page.locator('header nav a', { hasText: 'Webhook endpoints' }).count(), 0);
    const problemsBefore = watch.problems.length;
    for (const path of ['', `/${endpoints.flaky}`]) {
      assert.equal(await open(path), 403);
      assert.match(await page.locator('main').innerText(), /needs the scope webhooks:admin/);
      assert.equal(await page.locator('form[data-api]').count(), 0);
    }
    const answer = await page.evaluate(async (id) => {
      const csrf = document.querySelector('meta[name="csrf-token"]')!.getAttribute('content')!;
      const response = await fetch(`/v1/webhook-endpoints/${id}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
        body: JSON.stringify({ enabled: false }),
      });
      return response.status;
    }, endpoints.flaky);
    assert.equal(answer, 403);
    const rest = watch.problems.slice(problemsBefore).filter((p) => !/status of 403/.test(p));
    assert.deepEqual(rest, []);
  });
});
