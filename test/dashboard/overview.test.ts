// The overview in Chromium over the real stack: jobs of several kinds with known outcomes, then each count per kind,
// the backlog (scheduled, queued, running, retrying), the current hour's bar, and links that open exactly the counted jobs.
import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { reply } from '../activities/webhooks/receiver';
import { type AllKindsStack, startAllKindsStack } from '../helpers/all-kinds-stack';
import { type Browser, chromiumMissing, launchChromium } from '../helpers/chromium';
import { HOSTILE_IMG, HOSTILE_SCRIPT, type PageWatch, screenshot, signIn, watchPage } from '../helpers/dashboard';
import { waitFor } from '../helpers/wait-for';

const SLOW_TASK = 'report.slow';

const rowIds = (page: Page): Promise<string[]> =>
  page.locator('tbody tr[data-job-id]').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.jobId!));

/** The numbers of one row of the per-kind table, by column. */
async function kindRow(page: Page, kind: string): Promise<Record<string, number>> {
  const cells = page.locator(`table.overview-kinds tr[data-kind="${kind}"] a.count`);
  const entries = await cells.evaluateAll((links) =>
    links.map((a) => [(a as HTMLElement).dataset.count!, Number(a.textContent)] as const),
  );
  return Object.fromEntries(entries);
}

describe('dashboard overview', { skip: chromiumMissing() }, () => {
  let stack: AllKindsStack;
  let browser: Browser;
  let page: Page;
  let watch: PageWatch;
  const ids = { pings: [] as string[], emails: [] as string[], tasks: [] as string[] } as Record<string, string[]> & {
    rejected?: string;
    retrying?: string;
    scheduled?: string;
  };
  const hung: ServerResponse[] = [];
  const start = async (path: string, body: object): Promise<string> => {
    const r = await stack.api.request('POST', path, body);
    assert.equal(r.status, 202, JSON.stringify(r.body));
    return (r.body.jobs?.[0] ?? r.body).id;
  };
  const statusOf = async (id: string): Promise<string> =>
    (await stack.api.request('GET', `/v1/jobs/${id}`)).body.status;
  const openOverview = async () => {
    await page.goto(`${stack.api.url}/dashboard`);
    await page.locator('table.overview-kinds').waitFor();
  };
  /** Follows a link of the overview and answers the ids of the jobs the list shows. */
  const follow = async (selector: string): Promise<string[]> => {
    await openOverview();
    await Promise.all([page.waitForURL((url) => url.pathname === '/dashboard/jobs'), page.locator(selector).click()]);
    return (await rowIds(page)).sort();
  };

  before(async () => {
    // The first attempt at once, a retry an hour later: a webhook answered 500 stays retrying for the whole test.
    stack = await startAllKindsStack('dashboard-overview', { retryScheduleMs: [0, 3_600_000], deadlineMs: 7_200_000 });
    // A 400 is not retried: that webhook fails at once.
    stack.handler = (request, response) => reply(request.path === '/rejects' ? 400 : 500)(request, response);
    // The slow task's app answers only at the end: its first call holds the type's one slot (running), the next
    // waits for it (queued).
    stack.taskHandler = (request, response) => {
      if (request.path === `/${SLOW_TASK}`) hung.push(response);
      else response.end();
    };
    const created = await stack.api.request('POST', '/v1/task-types', {
      name: SLOW_TASK,
      url: `${stack.taskApp.origin}/${SLOW_TASK}`,
      timeout: '1h',
      concurrency: 1,
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const rejects = await stack.createEndpoint({}, '/rejects');
    const flaky = await stack.createEndpoint({}, '/flaky');
    for (let n = 0; n < 3; n++) ids.pings!.push(await start('/v1/pings', { message: `ping ${n}` }));
    for (const subject of [HOSTILE_IMG, HOSTILE_SCRIPT])
      ids.emails!.push(await start('/v1/emails', { to: ['ada@example.com'], subject, text: 'hello' }));
    ids.rejected = await start('/v1/webhooks', { endpointId: rejects.id, event: 'invoice.paid', payload: {} });
    ids.retrying = await start('/v1/webhooks', { endpointId: flaky.id, event: 'invoice.paid', payload: {} });
    ids.scheduled = await start('/v1/emails', { to: ['ada@example.com'], subject: 'Later', text: 'hi', delay: '1h' });
    ids.tasks!.push(await start(`/v1/tasks/${SLOW_TASK}`, { type: SLOW_TASK, payload: { n: 1 } }));
    await waitFor(async () => (await statusOf(ids.tasks![0]!)) === 'running', {
      timeoutMs: 60_000,
      intervalMs: 500,
      what: 'the first slow task running',
    });
    ids.tasks!.push(await start(`/v1/tasks/${SLOW_TASK}`, { type: SLOW_TASK, payload: { n: 2 } }));
    const expected: Record<string, string> = {
      ...Object.fromEntries([...ids.pings!, ...ids.emails!].map((id) => [id, 'succeeded'])),
      [ids.rejected]: 'failed',
      [ids.retrying]: 'retrying',
      [ids.scheduled]: 'scheduled',
      [ids.tasks![0]!]: 'running',
      [ids.tasks![1]!]: 'queued',
    };
    // Every job where the test wants it, as the API says and the listing shows, so each count has a fixed answer.
    await waitFor(
      async () => {
        const { jobs } = (await stack.api.request('GET', '/v1/jobs?limit=100')).body;
        const listed = jobs.length === Object.keys(expected).length && jobs.every((j: any) => expected[j.id]);
        for (const [id, status] of Object.entries(expected)) if ((await statusOf(id)) !== status) return false;
        return listed;
      },
      { timeoutMs: 60_000, intervalMs: 500, what: 'every job in its expected status' },
    );
    browser = await launchChromium();
    page = browser.page;
    watch = watchPage(page, stack.api.url);
    await signIn(page, stack.api.url, stack.api.key!);
  });
  after(async () => {
    for (const response of hung) response.end();
    await browser?.close();
    await stack?.close();
  });

  it('counts the last 24 h per kind: started, succeeded, failed, timed out', async () => {
    await openOverview();
    await screenshot(page, 'overview');
    assert.deepEqual(await kindRow(page, 'ping'), { started: 3, succeeded: 3, failed: 0, timed_out: 0 });
    assert.deepEqual(await kindRow(page, 'email'), { started: 3, succeeded: 2, failed: 0, timed_out: 0 });
    assert.deepEqual(await kindRow(page, 'webhook'), { started: 2, succeeded: 0, failed: 1, timed_out: 0 });
    assert.deepEqual(await kindRow(page, 'task'), { started: 2, succeeded: 0, failed: 0, timed_out: 0 });
    assert.deepEqual(await kindRow(page, 'sequence'), { started: 0, succeeded: 0, failed: 0, timed_out: 0 });
    assert.deepEqual(await kindRow(page, 'all'), { started: 10, succeeded: 5, failed: 1, timed_out: 0 });
  });

  it('shows the backlog: one of each: scheduled, queued, running, retrying', async () => {
    await openOverview();
    const backlog = await page
      .locator('.overview-backlog a.count')
      .evaluateAll((links) => links.map((a) => [(a as HTMLElement).dataset.count, a.textContent]));
    assert.deepEqual(backlog, [
      ['scheduled', '1'],
      ['queued', '1'],
      ['running', '1'],
      ['retrying', '1'],
    ]);
    assert.equal(await page.locator('.backlog-capped').count(), 0, 'few open jobs: every one described');
  });

  it("draws this hour's bar with every job started, and the failed one, and nothing before", async () => {
    await openOverview();
    const bars = await page
      .locator('svg.chart a[data-hour]')
      .evaluateAll((links) => links.map((a) => [Number(a.dataset.started), Number(a.dataset.failed)]));
    assert.equal(bars.length, 24);
    assert.deepEqual(bars.at(-1), [10, 1], 'the last hour');
    assert.deepEqual(new Set(bars.slice(0, -1).map(String)), new Set(['0,0']), 'the 23 hours before');
    const last = page.locator('svg.chart a[data-hour]').last();
    assert.match((await last.locator('title').textContent()) ?? '', /UTC: 10 started, 1 failed or timed out$/);
    const [startedBar, failedBar] = await Promise.all(
      ['.bar-started', '.bar-failed'].map((c) => last.locator(c).evaluate((r) => Number(r.getAttribute('height')))),
    );
    assert.equal(startedBar, 100, 'the tallest bar fills the plot');
    assert.equal(failedBar, 10, 'a tenth of it failed');
  });

  it('opens exactly the counted jobs from each number it links', async () => {
    assert.deepEqual(await follow('tr[data-kind="ping"] a[data-count="started"]'), [...ids.pings!].sort());
    assert.deepEqual(
      await follow('tr[data-kind="email"] a[data-count="started"]'),
      [...ids.emails!, ids.scheduled!].sort(),
    );
    assert.deepEqual(await follow('tr[data-kind="all"] a[data-count="failed"]'), [ids.rejected]);
    assert.deepEqual(await follow('tr[data-kind="task"] a[data-count="started"]'), [...ids.tasks!].sort());
    assert.deepEqual(await follow('.overview-backlog a[data-count="scheduled"]'), [ids.scheduled]);
    assert.deepEqual(await follow('.overview-backlog a[data-count="queued"]'), [ids.tasks![1]]);
    assert.deepEqual(await follow('.overview-backlog a[data-count="retrying"]'), [ids.retrying]);
    assert.deepEqual(await follow('.overview-backlog a[data-count="running"]'), [ids.tasks![0]]);
    assert.equal((await follow('svg.chart a[data-hour]:last-of-type')).length, 10, "this hour's bar: every job");
    assert.deepEqual(await page.evaluate(() => [(window as any).__x, (window as any).__y]), [undefined, undefined]);
    assert.equal(await page.locator('img[src=x]').count(), 0, 'hostile subjects stay text in the list');
    assert.deepEqual(watch.problems, []);
  });

  it('shows a read-only key the same numbers', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((url) => url.pathname === '/dashboard/sign-in');
    await signIn(page, stack.api.url, stack.api.readerKey!);
    assert.equal(new URL(page.url()).pathname, '/dashboard');
    assert.deepEqual(await kindRow(page, 'all'), { started: 10, succeeded: 5, failed: 1, timed_out: 0 });
    assert.equal(await page.locator('main form, main button').count(), 0, 'nothing to press');
    assert.deepEqual(watch.problems, []);
  });

  it('keeps its numbers current without a reload as a job starts and succeeds', async () => {
    await page.locator('.overview[data-live-open]').waitFor();
    await page.evaluate(() => ((window as any).__sameDocument = true));
    const id = await start('/v1/pings', { message: 'one more' });
    await page.waitForFunction(
      () =>
        document.querySelector('tr[data-kind="ping"] a[data-count="succeeded"]')?.textContent === '4' &&
        document.querySelector('tr[data-kind="all"] a[data-count="started"]')?.textContent === '11',
      undefined,
      { timeout: 60_000 },
    );
    assert.equal(await page.evaluate(() => (window as any).__sameDocument), true, 'no reload');
    assert.equal((await stack.api.request('GET', `/v1/jobs/${id}`)).body.status, 'succeeded');
    assert.equal(await page.locator('svg.chart a[data-hour]').last().getAttribute('data-started'), '11');
    assert.deepEqual(watch.problems, []);
  });
});
