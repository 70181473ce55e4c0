// The job view's controls in Chromium over the real stack: a scheduled email sent now and another moved, each through
// its confirmation dialog; an open job cancelled; a task's progress arriving live, its controls following its state
// and a reason being typed surviving the updates; a jobs:read key that sees no control and whose session the API
// refuses (403) when it calls one anyway.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { reply } from '../activities/webhooks/receiver';
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
import { confirmControl, shownStatus } from './job-page';

describe('dashboard job controls', { skip: chromiumMissing() }, () => {
  let stack: AllKindsStack;
  let browser: Browser;
  let page: Page;
  let watch: PageWatch;
  const open = async (id: string) => {
    await page.goto(`${stack.api.url}/dashboard/jobs/${encodeURIComponent(id)}`);
  };
  const job = async (id: string) => (await stack.api.request('GET', `/v1/jobs/${id}`)).body;
  const scheduledEmail = async (subject: string): Promise<string> => {
    const r = await stack.api.request('POST', '/v1/emails', {
      to: ['ada@example.com'],
      subject,
      text: 'Hi',
      delay: '1h',
    });
    assert.equal(r.status, 202, JSON.stringify(r.body));
    await waitFor(async () => (await job(r.body.id)).status === 'scheduled', { what: `${subject} scheduled` });
    return r.body.id;
  };
  const controlLabels = () => page.locator('.job-controls button').allInnerTexts();
  let taskType: Promise<unknown> | undefined;
  /** A task job whose app answered "async": it runs until told otherwise through the API. */
  const runningTask = async (): Promise<string> => {
    taskType ??= stack.api.request('POST', '/v1/task-types', {
      name: 'report.build',
      url: `${stack.taskApp.origin}/report.build`,
      timeout: '10m',
    });
    assert.equal(((await taskType) as { status: number }).status, 201);
    stack.taskHandler = reply(202, { 'content-type': 'application/json' }, '{"async":true}');
    const started = await stack.api.request('POST', '/v1/tasks/report.build', { payload: { day: 1 } });
    assert.equal(started.status, 202, JSON.stringify(started.body));
    await waitFor(async () => (await job(started.body.id)).status === 'running', { what: 'the task running' });
    return started.body.id;
  };
  const reportProgress = async (id: string, progress: object) => {
    const reported = await stack.api.request('POST', `/v1/jobs/${id}/progress`, { progress });
    assert.equal(reported.status, 200, JSON.stringify(reported.body));
  };
  /** Waits until both live regions, the details and the controls, are connected. */
  const liveOpen = async () => {
    await page.locator('.job-controls-live[data-live-open="true"]').waitFor({ state: 'attached' });
    await page.locator('[data-live]:not(.job-controls-live)[data-live-open="true"]').waitFor();
  };

  before(async () => {
    stack = await startAllKindsStack('dashboard-job-controls');
    browser = await launchChromium();
    page = browser.page;
    // Counts the updates of the details' live region from before the page's scripts run, so none is missed.
    await page.addInitScript(() => {
      (window as any).__detailUpdates = 0;
      document.addEventListener('live:updated', (event) => {
        if (!(event.target as Element).matches('.job-controls-live')) (window as any).__detailUpdates++;
      });
    });
    watch = watchPage(page, stack.api.url);
    await signIn(page, stack.api.url, stack.api.key!, '/dashboard/jobs');
  });
  after(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('sends a scheduled email now through the dialog, with the CLI equivalent beside each control', async () => {
    const id = await scheduledEmail('Send me now');
    await open(id);
    assert.equal(await shownStatus(page), 'scheduled');
    assert.deepEqual(await controlLabels(), ['Send now', 'Reschedule', 'Cancel job', 'Terminate']);
    const cli = await page.locator('.job-controls code.cli').allInnerTexts();
    const target = `--namespace default --workflow-id ${id}`;
    assert.deepEqual(cli, [
      `temporal workflow update execute ${target} --name sendNow`,
      `temporal workflow update execute ${target} --name reschedule --input '{"sendAt":"<ISO 8601 time>"}'`,
      `temporal workflow cancel ${target}`,
      `temporal workflow terminate ${target} --reason '<reason>'`,
    ]);
    await screenshot(page, 'job-scheduled');

    // Dismissing the dialog sends nothing.
    await page.locator('.job-controls').getByRole('button', { name: 'Send now' }).click();
    await page.locator('#confirm-dialog').getByRole('button', { name: 'Cancel', exact: true }).click();
    assert.equal((await job(id)).status, 'scheduled');
    assert.equal(stack.sink.messages.length, 0);

    await confirmControl(page, 'Send now');
    const [message] = await stack.sink.waitForMessages(1, 20_000);
    assert.equal(message!.parsed.subject, 'Send me now');
    await page.locator('.job-details[data-status="succeeded"]').waitFor({ timeout: 20_000 });
    assert.deepEqual(watch.problems, []);
  });

  it('moves a scheduled email to a later time through the dialog', async () => {
    const id = await scheduledEmail('Move me');
    const before = (await job(id)).scheduledFor;
    await open(id);
    await page.getByLabel('Delay').fill('3h');
    await confirmControl(page, 'Reschedule');
    const moved = await waitFor(async () => {
      const now = await job(id);
      return now.scheduledFor !== before && now;
    });
    assert.equal(moved.status, 'scheduled');
    const ahead = Date.parse(moved.scheduledFor) - Date.now();
    assert.ok(ahead > 2.5 * 3600_000 && ahead <= 3 * 3600_000, `about 3 h ahead: ${moved.scheduledFor}`);
    await page.locator(`dl.facts time[datetime="${moved.scheduledFor}"]`).waitFor();
    assert.deepEqual(watch.problems, []);
  });

  it('cancels an open job through the dialog, leaving no control on the cancelled job', async () => {
    const id = await scheduledEmail('Cancel me');
    await open(id);
    await confirmControl(page, 'Cancel job');
    await page.locator('.job-details[data-status="cancelled"]').waitFor({ timeout: 20_000 });
    assert.equal((await job(id)).status, 'cancelled');
    assert.deepEqual(await controlLabels(), [], 'a cancelled job has no control left');
    assert.deepEqual(watch.problems, []);
  });

  it('terminates an open job with a reason through the dialog, the reason in the audit log', async () => {
    const id = await scheduledEmail('Terminate me');
    await open(id);
    await page.getByLabel('Reason').fill('wrong recipient');
    await confirmControl(page, 'Terminate');
    await page.locator('.job-details[data-status="terminated"]').waitFor({ timeout: 20_000 });
    const audit = (await stack.api.request('GET', '/v1/audit-events?action=job.terminated')).body;
    assert.match(JSON.stringify(audit), /wrong recipient/);
    assert.deepEqual(watch.problems, []);
  });

  it("shows a task's progress as its app reports it, live, then its result", async () => {
    const id = await runningTask();
    await open(id);
    await liveOpen();
    await page.evaluate(() => ((window as any).__sameDocument = true));
    assert.equal(await page.locator('table.attempts tr[data-outcome="running"]').getAttribute('data-attempt'), '1');

    assert.deepEqual(await controlLabels(), ['Cancel job', 'Terminate']);
    await reportProgress(id, { sent: 40, of: 100, note: HOSTILE_IMG });
    const bar = page.locator('progress[value="40"][max="100"]');
    await bar.waitFor({ timeout: 20_000 });
    assert.ok((await page.locator('pre.job-progress').innerText()).includes(HOSTILE_IMG));
    await nothingInjected(page);
    await screenshot(page, 'job-task-progress');

    const completed = await stack.api.request('POST', `/v1/jobs/${id}/complete`, { result: { sent: 100 } });
    assert.equal(completed.status, 200, JSON.stringify(completed.body));
    await page.locator('.job-details[data-status="succeeded"]').waitFor({ timeout: 20_000 });
    assert.match(await page.locator('pre.job-result').innerText(), /"sent": 100/);
    await page.locator('.job-controls').waitFor({ state: 'detached', timeout: 20_000 });
    assert.equal(await page.evaluate(() => (window as any).__sameDocument), true, 'no reload');
    assert.deepEqual(watch.problems, []);
  });

  it('keeps a reason being typed while progress arrives live, then terminates with that reason', async () => {
    const id = await runningTask();
    await open(id);
    await liveOpen();
    const reason = page.getByLabel('Reason');
    await reason.fill('stuck at 7 of 9');
    await reason.evaluate((input) => ((input as any).__typedInto = true));
    const before = await page.evaluate(() => (window as any).__detailUpdates);
    for (const sent of [5, 6, 7]) {
      await reportProgress(id, { sent, of: 9 });
      await page.locator(`progress[value="${sent}"][max="9"]`).waitFor({ timeout: 20_000 });
    }
    const updates = (await page.evaluate(() => (window as any).__detailUpdates)) - before;
    assert.ok(updates >= 3, `the details updated live (${updates} times)`);
    assert.equal(await reason.inputValue(), 'stuck at 7 of 9');
    assert.equal(await reason.evaluate((input) => (input as any).__typedInto), true, 'the same field, not replaced');
    assert.equal(await reason.evaluate((input) => input === document.activeElement), true, 'still focused');

    await confirmControl(page, 'Terminate');
    await page.locator('.job-details[data-status="terminated"]').waitFor({ timeout: 20_000 });
    assert.equal((await job(id)).status, 'terminated');
    const audit = (await stack.api.request('GET', '/v1/audit-events?action=job.terminated')).body;
    assert.match(JSON.stringify(audit), /stuck at 7 of 9/);
    assert.deepEqual(watch.problems, []);
  });

  it('shows a jobs:read key no controls, and the API refuses its session a cancel (403)', async () => {
    const id = await scheduledEmail('Not yours');
    // A signal the job cannot apply (sent past the API, which knows no such name) is on the page as text.
    await stack.env.client.workflow.getHandle(id).signal(HOSTILE_SCRIPT);
    await waitFor(async () => (await job(id)).rejectedSignals?.length === 1, { what: 'the rejected signal' });
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((url) => url.pathname === '/dashboard/sign-in');
    await signIn(page, stack.api.url, stack.api.readerKey!, `/dashboard/jobs/${id}`);
    assert.equal(await shownStatus(page), 'scheduled');
    assert.equal(await page.locator('form[data-api]').count(), 0);
    assert.ok((await page.locator('section[aria-label="Rejected signals"]').innerText()).includes(HOSTILE_SCRIPT));
    await nothingInjected(page);
    assert.deepEqual(await page.locator('main button').allInnerTexts(), []);
    const status = await page.evaluate(async (path) => {
      const csrf = document.querySelector('meta[name="csrf-token"]')!.getAttribute('content')!;
      const r = await fetch(path, { method: 'POST', headers: { 'x-csrf-token': csrf } });
      return r.status;
    }, `/v1/jobs/${id}/cancel`);
    assert.equal(status, 403);
    assert.equal((await job(id)).status, 'scheduled');
    const rest = watch.problems.filter((p) => !/status of 403/.test(p));
    assert.deepEqual(rest, []);
  });
});
