// Every view at once, over one real stack whose every user-supplied field holds markup and script: email subjects and
// bodies, an SMTP server's refusal, a webhook receiver's answer and payload, task payloads and a task type's
// description and the result the task app answers, an endpoint's description, a schedule's note, a sequence step's subject, an audit event's detail (a
// terminate reason). On each page, in Chromium: the text is shown as text, no element is injected, no script runs,
// no `javascript:` link exists, the page's CSP allows no inline script, and the browser reports no violation.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { reply } from '../activities/webhooks/receiver';
import { type AllKindsStack, startAllKindsStack } from '../helpers/all-kinds-stack';
import { type Browser, chromiumMissing, launchChromium } from '../helpers/chromium';
import {
  HOSTILE_IMG,
  HOSTILE_LINK,
  HOSTILE_SCRIPT,
  nothingInjected,
  type PageWatch,
  signIn,
  watchPage,
} from '../helpers/dashboard';
import { waitFor } from '../helpers/wait-for';
import { emailJob, scheduleTracker, uniqueScheduleId } from '../schedules/schedule-helpers';

const HOSTILE = `${HOSTILE_IMG} ${HOSTILE_SCRIPT} ${HOSTILE_LINK}`;

describe('dashboard: hostile input on every view', { skip: chromiumMissing() }, () => {
  let stack: AllKindsStack;
  let browser: Browser;
  let page: Page;
  let watch: PageWatch;
  let tracker: ReturnType<typeof scheduleTracker>;
  const ids = { endpoint: '', schedule: uniqueScheduleId('hostile'), jobs: [] as string[] };

  const start = async (path: string, body: object): Promise<string> => {
    const r = await stack.api.request('POST', path, body);
    assert.equal(r.status, 202, `${path}: ${JSON.stringify(r.body)}`);
    return r.body.jobs?.[0]?.id ?? r.body.id;
  };

  before(async () => {
    stack = await startAllKindsStack('dashboard-hostile', { retryScheduleMs: [0] });
    tracker = scheduleTracker(stack.api);
    await stack.api.request('POST', '/v1/task-types', {
      name: 'hostile.report',
      url: `${stack.taskApp.origin}/hostile.report`,
      description: HOSTILE,
    });
    ids.endpoint = (await stack.createEndpoint({ description: HOSTILE })).id;
    stack.handler = reply(500, { 'content-type': 'text/html' }, HOSTILE);
    stack.sink.replyNext(550, HOSTILE);
    ids.jobs.push(await start('/v1/emails', { to: ['ada@example.com'], subject: HOSTILE, text: HOSTILE }));
    ids.jobs.push(await start('/v1/emails', { to: ['bob@example.com'], subject: HOSTILE, html: HOSTILE }));
    ids.jobs.push(
      await start('/v1/webhooks', { endpointId: ids.endpoint, event: 'hostile.sent', payload: { HOSTILE } }),
    );
    stack.taskHandler = reply(200, { 'content-type': 'application/json' }, JSON.stringify({ note: HOSTILE }));
    ids.jobs.push(await start('/v1/tasks/hostile.report', { payload: { note: HOSTILE } }));
    ids.jobs.push(await start('/v1/pings', { message: HOSTILE }));
    ids.jobs.push(
      await start('/v1/sequences', {
        steps: [{ type: 'email', input: { to: ['ada@example.com'], subject: HOSTILE, text: HOSTILE } }],
      }),
    );
    const waiting = await start('/v1/emails', { to: ['cy@example.com'], subject: HOSTILE, text: 'x', delay: '1h' });
    const terminated = await stack.api.request('POST', `/v1/jobs/${encodeURIComponent(waiting)}/terminate`, {
      reason: HOSTILE,
    });
    assert.equal(terminated.status, 202, JSON.stringify(terminated.body));
    ids.jobs.push(waiting);
    const created = await tracker.create({
      id: ids.schedule,
      cron: '0 9 * * 1-5',
      paused: true,
      note: HOSTILE,
      job: emailJob({ subject: HOSTILE, text: HOSTILE }),
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    await waitFor(
      async () => {
        const jobs = await Promise.all(
          ids.jobs.map(async (id) => (await stack.api.request('GET', `/v1/jobs/${encodeURIComponent(id)}`)).body),
        );
        return jobs.every((j) => !['scheduled', 'queued', 'running', 'retrying'].includes(j.status));
      },
      { timeoutMs: 60_000, intervalMs: 500, what: 'every hostile job closed' },
    );
    browser = await launchChromium();
    page = browser.page;
    watch = watchPage(page, stack.api.url);
    await signIn(page, stack.api.url, stack.api.key!, '/dashboard');
  });
  after(async () => {
    await tracker?.deleteAll();
    await browser?.close();
    await stack?.close();
  });

  /** Opens a view, waits for its live region's first update if it has one, and checks it. */
  async function check(path: string, showsHostileText: boolean): Promise<void> {
    const response = await page.goto(`${stack.api.url}${path}`);
    assert.equal(response!.status(), 200, path);
    const csp = response!.headers()['content-security-policy'] ?? '';
    assert.match(csp, /script-src 'self'/, `${path}: a CSP`);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, `${path}: no inline script allowed`);
    if ((await page.locator('[data-live]').count()) > 0)
      await page.locator('[data-live][data-live-open]').first().waitFor({ timeout: 10_000 });
    await nothingInjected(page, path);
    if (showsHostileText)
      assert.ok(
        (await page.locator('main').innerText()).includes(HOSTILE_IMG),
        `${path}: the hostile text is shown, as text`,
      );
  }

  it('renders every list view with the hostile text as text', async () => {
    await check('/dashboard', false);
    await check('/dashboard/jobs', true);
    await check('/dashboard/dead-letters', true);
    await check('/dashboard/schedules', true);
    await check(`/dashboard/schedules/${encodeURIComponent(ids.schedule)}`, true);
    await check('/dashboard/endpoints', true);
    await check(`/dashboard/endpoints/${encodeURIComponent(ids.endpoint)}`, true);
    await check('/dashboard/task-types', true);
    await check('/dashboard/audit', true);
    assert.deepEqual(watch.problems, []);
  });

  it("renders each hostile job's page, attempts and errors as text", async () => {
    for (const id of ids.jobs) {
      const path = `/dashboard/jobs/${encodeURIComponent(id)}`;
      if (!id.startsWith('sequence-')) {
        await check(path, true);
        continue;
      }
      // A sequence's page lists its steps; each step's own page shows what the step was given.
      await check(path, false);
      const steps = await page
        .locator('table.steps a[href^="/dashboard/jobs/"]')
        .evaluateAll((links) => links.map((a) => a.getAttribute('href')!));
      assert.equal(steps.length, 1, 'the step links to its job');
      for (const step of steps) await check(step, true);
    }
    assert.deepEqual(watch.problems, []);
  });

  it('keeps live updates as text: a hostile job started while the jobs view is open', async () => {
    await check('/dashboard/jobs', true);
    const before = await page.locator('tbody tr[data-job-id]').count();
    await start('/v1/pings', { message: `${HOSTILE_SCRIPT} late` });
    await page.waitForFunction((n) => document.querySelectorAll('tbody tr[data-job-id]').length > n, before, {
      timeout: 20_000,
    });
    await nothingInjected(page, 'jobs view after a live update');
    assert.deepEqual(watch.problems, []);
  });
});
