// The schedules view in Chromium over the real stack: the list shows each schedule's state and note; a schedule's
// page shows its next fires, its runs as links to their jobs and the fires that started none, with their times;
// pause and unpause with a note and trigger go through the confirmation dialog to the API, which agrees; a jobs:read
// key sees no button (and the API refuses it); hostile text stays text.
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
import { emailJob, scheduleTracker, triggeredOnly, uniqueScheduleId, waitForRuns } from '../schedules/schedule-helpers';

const EVERY_MS = 2000;

/** The datetime attributes of the times inside `selector`, in page order. */
const timesIn = (page: Page, selector: string): Promise<string[]> =>
  page.locator(`${selector} time`).evaluateAll((els) => els.map((e) => e.getAttribute('datetime')!));

describe('dashboard schedules view', { skip: chromiumMissing() }, () => {
  let stack: AllKindsStack;
  let browser: Browser;
  let page: Page;
  let watch: PageWatch;
  let schedules: ReturnType<typeof scheduleTracker>;
  const ids = {
    frequent: uniqueScheduleId('dash-2s'),
    paused: uniqueScheduleId('dash-paused'),
    hourly: uniqueScheduleId('dash-hourly'),
  };
  const api = (method: string, path: string, body?: unknown) => stack.api.request(method, path, body);
  const scheduleApi = async (id: string) => (await api('GET', `/v1/schedules/${id}`)).body;
  const open = async (path: string) => (await page.goto(`${stack.api.url}/dashboard/schedules${path}`))!.status();
  /** Clicks the form's button, confirms in the dialog, and waits for the page the action reloads into. */
  const confirmAction = async (button: string, confirm: string) => {
    await page.locator('form[data-api]').getByRole('button', { name: button }).click();
    const dialog = page.locator('#confirm-dialog');
    await dialog.waitFor();
    await Promise.all([page.waitForEvent('load'), dialog.getByRole('button', { name: confirm }).click()]);
  };

  before(async () => {
    stack = await startAllKindsStack('dashboard-schedules');
    schedules = scheduleTracker(stack.api);
    const created = [
      await schedules.create({
        id: ids.frequent,
        every: `${EVERY_MS / 1000}s`,
        job: emailJob({ subject: HOSTILE_IMG, text: HOSTILE_SCRIPT }),
      }),
      await schedules.create({
        id: ids.paused,
        cron: '0 9 * * 1-5',
        paused: true,
        note: HOSTILE_SCRIPT,
        job: emailJob(),
      }),
      await schedules.create({
        id: ids.hourly,
        ...triggeredOnly(),
        job: { kind: 'ping', input: { message: 'hourly' } },
      }),
    ];
    for (const r of created) assert.equal(r.status, 201, JSON.stringify(r.body));
    await waitForRuns(stack.api, ids.frequent, 2, 20_000);
    browser = await launchChromium();
    page = browser.page;
    watch = watchPage(page, stack.api.url);
    await signIn(page, stack.api.url, stack.api.key!, '/dashboard/schedules');
  });
  after(async () => {
    await browser?.close();
    await schedules?.deleteAll();
    await stack?.close();
  });

  it('lists the schedules with their state, note (as text) and links to their pages', async () => {
    // Temporal's list is eventually consistent: it shows a new schedule within seconds.
    await waitFor(
      async () => {
        await open('');
        return (await page.locator(`tr[data-schedule-id="${ids.paused}"]`).count()) === 1;
      },
      { timeoutMs: 30_000, intervalMs: 1000, what: 'the new schedules in the list' },
    );
    const paused = page.locator(`tr[data-schedule-id="${ids.paused}"]`);
    assert.equal(await paused.locator('.status').innerText(), 'paused');
    assert.equal(await paused.locator('.schedule-note').innerText(), HOSTILE_SCRIPT);
    await nothingInjected(page);
    await screenshot(page, 'schedules-list');
    await page.locator(`tr[data-schedule-id="${ids.frequent}"] a`).first().click();
    await page.waitForURL((url) => url.pathname === `/dashboard/schedules/${ids.frequent}`);
    assert.deepEqual(watch.problems, []);
  });

  it("shows a schedule's next fires and its recent runs, each a link to its job's page", async () => {
    await open(`/${ids.frequent}`);
    const next = await timesIn(page, '.next-fires');
    assert.equal(next.length, 5);
    for (const t of next) assert.equal(Date.parse(t) % EVERY_MS, 0, `${t} is a fire of every 2s`);
    const runs = await page
      .locator('table.schedule-runs tbody tr')
      .evaluateAll((rows) =>
        rows.map((r) => [(r as HTMLElement).dataset.jobId!, r.querySelector('a')!.getAttribute('href')]),
      );
    assert.ok(runs.length >= 2, `two runs or more: ${JSON.stringify(runs)}`);
    const listed = (await scheduleApi(ids.frequent)).recentRuns.map((r: { jobId: string }) => r.jobId);
    for (const [jobId, href] of runs) {
      assert.ok(listed.includes(jobId), `${jobId} is a run the API lists`);
      assert.equal(href, `/dashboard/jobs/${encodeURIComponent(jobId!)}`);
    }
    assert.ok((await page.locator('dl.facts').innerText()).includes(`subject: ${HOSTILE_IMG}`), 'the job, as text');
    await nothingInjected(page);
    assert.deepEqual(watch.problems, []);
  });

  it('pauses with a note and unpauses through the dialog, then shows the fires missed meanwhile, with times', async () => {
    const note = `maintenance ${HOSTILE_IMG}`;
    await open(`/${ids.frequent}`);
    await page.getByLabel('Note').fill(note);
    await confirmAction('Pause', 'Pause');
    await page.locator('dl.facts .status-paused').waitFor();
    const pausedAt = Date.now();
    assert.equal(await page.locator('dl.facts .schedule-note').innerText(), note);
    const paused = await scheduleApi(ids.frequent);
    assert.deepEqual([paused.paused, paused.note], [true, note], 'the API agrees');
    await nothingInjected(page);

    // Two fires or more fall due while paused.
    await new Promise((resolve) => setTimeout(resolve, 3 * EVERY_MS));
    const unpausedAt = Date.now();
    await page.getByLabel('Note').fill('back');
    await confirmAction('Unpause', 'Unpause');
    await page.locator('dl.facts .status-active').waitFor();
    assert.equal(await page.locator('dl.facts .schedule-note').innerText(), 'back');
    await waitFor(
      async () => (await scheduleApi(ids.frequent)).recentRuns.some((r: any) => Date.parse(r.scheduledAt) > unpausedAt),
      { timeoutMs: 20_000, intervalMs: 200, what: 'a run after unpause' },
    );
    // Paused again, the list of runs stays put: the gap cannot drop out of Temporal's last ten while checked.
    assert.equal(
      (await api('POST', `/v1/schedules/${ids.frequent}/pause`, { note: 'held for the check' })).status,
      200,
    );
    await open(`/${ids.frequent}`);
    const shown = await timesIn(page, '.fires-without-run');
    assert.deepEqual(shown, (await scheduleApi(ids.frequent)).fires.withoutRun, 'the times the API lists');
    const dueWhilePaused: string[] = [];
    for (let t = Math.ceil((pausedAt + 1) / EVERY_MS) * EVERY_MS; t < unpausedAt; t += EVERY_MS)
      dueWhilePaused.push(new Date(t).toISOString());
    assert.ok(dueWhilePaused.length >= 2);
    for (const t of dueWhilePaused) assert.ok(shown.includes(t), `${t} (due while paused) is listed: ${shown}`);
    await screenshot(page, 'schedules');
    assert.deepEqual(watch.problems, []);
  });

  it('triggers a run through the dialog, and shows runs as they start without a reload', async () => {
    const rows = page.locator('table.schedule-runs tbody tr');
    const activity = page.locator('section.schedule-activity[data-live-open="true"]');
    await open(`/${ids.hourly}`);
    assert.equal(await page.locator('table.schedule-runs').count(), 0, 'no run yet');
    await confirmAction('Run now', 'Run now');
    await activity.waitFor();
    await page.evaluate(() => ((window as any).__sameDocument = true));
    await rows.first().waitFor({ timeout: 15_000 });
    const [run] = (await scheduleApi(ids.hourly)).recentRuns.map((r: any) => r.jobId);
    assert.equal(await rows.first().getAttribute('data-job-id'), run);
    assert.equal(
      await rows.first().locator('a.mono').getAttribute('href'),
      `/dashboard/jobs/${encodeURIComponent(run)}`,
    );

    // A run's job id names its time to the second: the next trigger waits for another second.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    assert.equal((await api('POST', `/v1/schedules/${ids.hourly}/trigger`)).status, 202);
    await page.locator('table.schedule-runs tbody tr:nth-child(2)').waitFor({ timeout: 15_000 });
    assert.equal(await rows.nth(1).getAttribute('data-job-id'), run, 'the newest first');
    assert.equal(await page.evaluate(() => (window as any).__sameDocument), true, 'the same document: no reload');
    assert.deepEqual(watch.problems, []);
  });

  it('answers an unknown schedule with 404 and a bad page size with 400, saying why', async () => {
    const problemsBefore = watch.problems.length;
    assert.equal(await open('/no-such-schedule'), 404);
    assert.match(await page.locator('main .error').innerText(), /no schedule with id no-such-schedule/);
    assert.equal(await open('?limit=0'), 400);
    assert.match(await page.locator('main').innerText(), /limit/);
    // Chromium logs each 4xx document as a failed load; anything else would be a problem.
    const rest = watch.problems.splice(problemsBefore).filter((p) => !/status of 40[04]/.test(p));
    assert.deepEqual(rest, []);
  });

  it('shows a jobs:read key the schedules without a button, and the API refuses it', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((url) => url.pathname === '/dashboard/sign-in');
    await signIn(page, stack.api.url, stack.api.readerKey!, `/dashboard/schedules/${ids.paused}`);
    assert.equal(await page.locator('dl.facts .schedule-note').innerText(), HOSTILE_SCRIPT);
    assert.equal(await page.locator('form[data-api]').count(), 0);
    assert.deepEqual(await page.locator('main button').allInnerTexts(), []);
    await nothingInjected(page);
    const refused = await stack.api.request(
      'POST',
      `/v1/schedules/${ids.paused}/unpause`,
      {},
      {
        authorization: `Bearer ${stack.api.readerKey}`,
      },
    );
    assert.equal(refused.status, 403);
    assert.equal((await scheduleApi(ids.paused)).paused, true);
    assert.deepEqual(watch.problems, []);
  });
});
