// The jobs view in Chromium over the real stack: its filters pick exactly the matching jobs and round-trip through
// the URL, its pages follow the API's cursors to the end without a job twice, its first page changes live over SSE
// as a job starts and succeeds, a bad filter is a message naming the field, and hostile text stays text.
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

const PINGS = 26;

/** The ids of the rows a job table shows, in order. */
const rowIds = (page: Page): Promise<string[]> =>
  page.locator('tbody tr[data-job-id]').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.jobId!));

describe('dashboard jobs view', { skip: chromiumMissing() }, () => {
  let stack: AllKindsStack;
  let browser: Browser;
  let page: Page;
  let watch: PageWatch;
  const ids = { pings: [] as string[], emails: [] as string[], failed: '', task: '' };
  const start = async (path: string, body: object): Promise<string> => {
    const r = await stack.api.request('POST', path, body);
    assert.equal(r.status, 202, JSON.stringify(r.body));
    return (r.body.jobs?.[0] ?? r.body).id;
  };
  const open = async (query: string) => {
    const response = await page.goto(`${stack.api.url}/dashboard/jobs${query}`);
    return response!.status();
  };

  before(async () => {
    stack = await startAllKindsStack('dashboard-jobs', { retryScheduleMs: [0] });
    await stack.registerTaskType('report.daily');
    stack.handler = reply(500);
    const endpoint = await stack.createEndpoint();
    ids.failed = await start('/v1/webhooks', { endpointId: endpoint.id, event: 'invoice.paid', payload: {} });
    ids.task = await start('/v1/tasks/report.daily', { type: 'report.daily', payload: { day: 1 } });
    for (const subject of [HOSTILE_IMG, HOSTILE_SCRIPT])
      ids.emails.push(
        await start('/v1/emails', { to: ['ada@example.com'], subject, text: HOSTILE_SCRIPT, tags: ['welcome'] }),
      );
    for (let n = 0; n < PINGS; n++) ids.pings.push(await start('/v1/pings', { message: `ping ${n}`, tags: ['batch'] }));
    // Every job closed and visible, so each filter below has a fixed answer.
    await waitFor(
      async () => {
        const { jobs } = (await stack.api.request('GET', '/v1/jobs?limit=100')).body;
        return jobs.length === PINGS + 4 && jobs.every((j: any) => ['succeeded', 'failed'].includes(j.status));
      },
      { timeoutMs: 60_000, intervalMs: 500, what: 'every job closed in the listing' },
    );
    browser = await launchChromium();
    page = browser.page;
    // Counts the live region's updates from before the page's own scripts run, so none is missed.
    await page.addInitScript(() => {
      (window as any).__liveUpdates = 0;
      document.addEventListener('live:updated', () => (window as any).__liveUpdates++);
    });
    watch = watchPage(page, stack.api.url);
    await signIn(page, stack.api.url, stack.api.key!, '/dashboard/jobs');
  });
  after(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('filters by kind through the form, and by status, tag and task type through the URL, exactly', async () => {
    await open('');
    await screenshot(page, 'jobs');
    await page.getByLabel('Kind').selectOption('email');
    await Promise.all([page.waitForURL(/kind=email/), page.getByRole('button', { name: 'Filter' }).click()]);
    assert.deepEqual((await rowIds(page)).sort(), [...ids.emails].sort());
    assert.equal(await page.getByLabel('Kind').inputValue(), 'email', 'the form shows the filter it applied');

    await open('?status=failed&kind=webhook');
    assert.deepEqual(await rowIds(page), [ids.failed]);
    assert.equal(await page.getByLabel('Status').inputValue(), 'failed');
    assert.match(await page.locator(`tr[data-job-id="${ids.failed}"]`).innerText(), /failed/);
    await open('?tag=welcome');
    assert.deepEqual((await rowIds(page)).sort(), [...ids.emails].sort());
    await open('?taskType=report.daily');
    assert.deepEqual(await rowIds(page), [ids.task]);
    await open('?status=failed&kind=email');
    assert.deepEqual(await rowIds(page), []);
    await page.getByText('No jobs match.').waitFor();
    assert.deepEqual(watch.problems, []);
  });

  it('pages through the cursors with limit 20 to the last job, none twice, only the first page live', async () => {
    await open('?tag=batch&limit=20');
    const first = await rowIds(page);
    assert.equal(first.length, 20);
    assert.equal(await page.locator('tbody[data-live]').count(), 1, 'the first page is live');
    await page.getByRole('link', { name: 'Next page' }).click();
    await page.waitForURL(/cursor=/);
    assert.match(page.url(), /tag=batch/, 'the next page keeps the filters');
    const second = await rowIds(page);
    assert.equal(await page.locator('tbody[data-live]').count(), 0, 'a later page is not');
    await page.getByText('A later page does not update live').waitFor();
    await page.getByText('Last page').waitFor();
    const seen = [...first, ...second];
    assert.equal(new Set(seen).size, seen.length, 'no job twice');
    assert.deepEqual(seen.sort(), [...ids.pings].sort(), 'every ping, the rest on page two');
    await page.getByRole('link', { name: 'First page' }).click();
    await page.waitForURL((url) => !url.search.includes('cursor') && url.search.includes('tag=batch'));
    assert.deepEqual(await rowIds(page), first);

    await open('?tag=batch&limit=50');
    assert.equal((await rowIds(page)).length, PINGS);
    assert.equal(await page.getByLabel('Per page').inputValue(), '50');
    assert.deepEqual(watch.problems, []);
  });

  it('shows a job started after the page loaded, then its change to succeeded, without a reload', async () => {
    await open('?tag=live');
    await page.locator('tbody[data-live-open="true"]').waitFor();
    await page.evaluate(() => ((window as any).__sameDocument = true));
    const sendAt = new Date(Date.now() + 5000).toISOString();
    const id = await start('/v1/emails', {
      to: ['ada@example.com'],
      subject: 'Later',
      text: 'Hi',
      sendAt,
      tags: ['live'],
    });
    const row = page.locator(`tr[data-job-id="${id}"]`);
    await row.waitFor({ timeout: 10_000 });
    assert.notEqual(await row.getAttribute('data-status'), 'succeeded', 'seen before it ran');
    assert.match(await row.innerText(), /Later/, 'with its input summary');
    await page.locator(`tr[data-job-id="${id}"][data-status="succeeded"]`).waitFor({ timeout: 30_000 });
    assert.equal(await page.evaluate(() => (window as any).__sameDocument), true, 'the same document: no reload');
    assert.ok((await page.evaluate(() => (window as any).__liveUpdates)) >= 2);
    assert.deepEqual(watch.problems, []);
  });

  it('renders hostile subjects as text, on the page and after live updates', async () => {
    await open('?tag=welcome');
    await page.locator('tbody[data-live-open="true"]').waitFor();
    await waitFor(() => page.evaluate(() => (window as any).__liveUpdates >= 1), { what: 'a live update' });
    const text = await page.locator('tbody').innerText();
    assert.ok(text.includes(`subject: ${HOSTILE_IMG}`), text);
    assert.ok(text.includes(`subject: ${HOSTILE_SCRIPT}`), text);
    await nothingInjected(page);
    await screenshot(page, 'jobs-hostile');
    assert.deepEqual(watch.problems, []);
  });

  it('answers a bad filter with a message naming the field, the form kept, nothing injected', async () => {
    const problemsBefore = watch.problems.length;
    assert.equal(await open('?since=yesterday&kind=email'), 400);
    const since = page.locator('.filter-errors li[data-field="since"]');
    assert.match(await since.innerText(), /since: must be an ISO 8601 time.*"yesterday"/);
    assert.equal(await page.getByLabel('Kind').inputValue(), 'email', 'the other filters kept');
    assert.equal(await page.locator('table').count(), 0, 'no listing for a query the API refuses');

    assert.equal(await open(`?tag=${encodeURIComponent(HOSTILE_IMG)}`), 400);
    assert.match(await page.locator('.filter-errors li[data-field="tag"]').innerText(), /tag: must be 1-64 letters/);
    assert.ok((await page.locator('.filter-errors').innerText()).includes(HOSTILE_IMG), 'the value shown as text');
    assert.equal(await page.getByLabel('Tag').inputValue(), HOSTILE_IMG, 'and kept in the field to correct');
    await nothingInjected(page);

    assert.equal(await open('?tag=batch&cursor=AAAA.aaaaaaaaaaaaaaaa'), 400);
    await page.locator('.filter-errors li[data-field="cursor"]').waitFor();
    await screenshot(page, 'jobs-bad-filter');
    // Chromium logs each 400 document as a failed load; anything else would be a problem.
    const rest = watch.problems.slice(problemsBefore).filter((p) => !/status of 400/.test(p));
    assert.deepEqual(rest, []);
  });

  it('shows the list to a read-only key, with no controls', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((url) => url.pathname === '/dashboard/sign-in');
    await signIn(page, stack.api.url, stack.api.readerKey!, '/dashboard/jobs?tag=welcome');
    assert.deepEqual((await rowIds(page)).sort(), [...ids.emails].sort());
    assert.equal(await page.locator('form[data-api]').count(), 0);
    const buttons = await page.locator('main button').allInnerTexts();
    assert.deepEqual(buttons, ['Filter']);
  });
});
