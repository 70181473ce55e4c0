// The dead-letters view in Chromium over the real stack: a job that fails while the page is open appears in its group
// over SSE without a reload; groups are by kind, failure type and code class with counts; Retry runs one job again;
// replaying a window shows the API's dry run in the confirmation dialog, runs exactly those jobs, and the audit log
// records it; a jobs:read key sees the groups without controls; hostile error messages and subjects stay text.
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

const EMAIL_GROUP = 'email|SmtpPermanentFailure|5xx';
const WEBHOOK_GROUP = 'webhook|WebhookRetriesExhausted|5xx';

/** The ids of the rows of a group, in order. */
const groupIds = (page: Page, key: string): Promise<string[]> =>
  page
    .locator(`details[data-key="${key}"] tr[data-job-id]`)
    .evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.jobId!));

describe('dashboard dead-letters view', { skip: chromiumMissing() }, () => {
  let stack: AllKindsStack;
  let browser: Browser;
  let page: Page;
  let watch: PageWatch;
  let endpointId: string;
  const ids = { emails: [] as string[], webhook: '', laterWebhook: '' };
  const start = async (path: string, body: object): Promise<string> => {
    const r = await stack.api.request('POST', path, body);
    assert.equal(r.status, 202, JSON.stringify(r.body));
    return (r.body.jobs?.[0] ?? r.body).id;
  };
  const statusOf = (id: string, status: string) =>
    waitFor(async () => (await stack.api.request('GET', `/v1/jobs/${id}`)).body.status === status, {
      timeoutMs: 30_000,
      what: `job ${id} to be ${status}`,
    });
  const failingWebhook = () => start('/v1/webhooks', { endpointId, event: 'invoice.paid', payload: { n: 1 } });
  const liveRegion = () => page.locator('div.dead-letters[data-live-open="true"]');

  before(async () => {
    stack = await startAllKindsStack('dashboard-dead-letters', { retryScheduleMs: [0] });
    stack.handler = reply(500);
    endpointId = (await stack.createEndpoint()).id;
    ids.webhook = await failingWebhook();
    await statusOf(ids.webhook, 'failed');
    browser = await launchChromium();
    page = browser.page;
    watch = watchPage(page, stack.api.url);
    await signIn(page, stack.api.url, stack.api.key!, '/dashboard/dead-letters');
  });
  after(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('shows emails failing after the page opened, within seconds, in their group, without a reload', async () => {
    await liveRegion().waitFor();
    assert.deepEqual(await groupIds(page, WEBHOOK_GROUP), [ids.webhook], 'the webhook that failed before');
    await page.evaluate(() => ((window as any).__sameDocument = true));
    // 550 and 554: permanent, so each email fails at its first attempt; both are of the class 5xx.
    stack.sink.replyNext(550, `5.1.1 ${HOSTILE_IMG}`);
    stack.sink.replyNext(554, `5.7.1 ${HOSTILE_SCRIPT}`);
    for (const subject of [HOSTILE_SCRIPT, HOSTILE_IMG]) {
      ids.emails.push(await start('/v1/emails', { to: ['ada@example.com'], subject, text: 'x' }));
      await statusOf(ids.emails.at(-1)!, 'failed');
    }
    await page.locator(`details[data-key="${EMAIL_GROUP}"][data-count="2"]`).waitFor({ timeout: 15_000 });
    assert.equal(await page.evaluate(() => (window as any).__sameDocument), true, 'the same document: no reload');
    assert.deepEqual((await groupIds(page, EMAIL_GROUP)).sort(), [...ids.emails].sort());
    assert.equal(await page.locator(`details[data-key="${WEBHOOK_GROUP}"]`).getAttribute('data-count'), '1');
    assert.match(await page.locator('.dead-letter-total').innerText(), /^3 dead letters in 2 groups/);
    const summaries = await page.locator('details.dead-letter-group summary').allInnerTexts();
    assert.deepEqual(
      summaries.map((s) => s.replace(/\s+/g, ' ').trim()),
      ['email · SmtpPermanentFailure · 5xx 2 jobs', 'webhook · WebhookRetriesExhausted · 5xx 1 job'],
      'the largest group first',
    );
    const emails = await page.locator(`details[data-key="${EMAIL_GROUP}"] tbody`).innerText();
    for (const text of [HOSTILE_IMG, HOSTILE_SCRIPT, `subject: ${HOSTILE_SCRIPT}`, '550', '554'])
      assert.ok(emails.includes(text), `${text} shown as text in ${emails}`);
    const link = page.locator(`tr[data-job-id="${ids.emails[0]}"] a`);
    assert.equal(await link.getAttribute('href'), `/dashboard/jobs/${ids.emails[0]}`);
    await nothingInjected(page);
    await screenshot(page, 'dead-letters');
    assert.deepEqual(watch.problems, []);
  });

  it('keeps a group the person closed closed across live updates', async () => {
    const group = page.locator(`details[data-key="${WEBHOOK_GROUP}"]`);
    await group.locator('summary').click();
    assert.equal(await group.evaluate((d) => (d as HTMLDetailsElement).open), false);
    ids.laterWebhook = await failingWebhook();
    await page.locator(`details[data-key="${WEBHOOK_GROUP}"][data-count="2"]`).waitFor({ timeout: 15_000 });
    assert.equal(await group.evaluate((d) => (d as HTMLDetailsElement).open), false, 'still closed');
    await group.locator('summary').click();
    assert.equal(await group.evaluate((d) => (d as HTMLDetailsElement).open), true);
  });

  it('retries one job after a confirmation: it runs again and leaves the dead letters', async () => {
    stack.handler = reply(204);
    await page.locator(`tr[data-job-id="${ids.webhook}"] button`, { hasText: 'Retry' }).click();
    const dialog = page.locator('#confirm-dialog');
    assert.equal(await dialog.locator('#confirm-title').innerText(), `Retry job ${ids.webhook}?`);
    await dialog.getByRole('button', { name: 'Retry' }).click();
    await statusOf(ids.webhook, 'succeeded');
    await page.locator(`tr[data-job-id="${ids.webhook}"]`).waitFor({ state: 'detached', timeout: 15_000 });
    assert.deepEqual(await groupIds(page, WEBHOOK_GROUP), [ids.laterWebhook], 'the other webhook stays');
    assert.deepEqual(watch.problems, []);
  });

  it('replays a window of one kind: the dialog lists exactly its jobs, they run, the audit log records it', async () => {
    await page.getByLabel('Window').selectOption('1h');
    await page.getByLabel('Kind').selectOption('email');
    await Promise.all([page.waitForURL(/window=1h&kind=email/), page.getByRole('button', { name: 'Show' }).click()]);
    await liveRegion().waitFor();
    assert.equal(await page.locator('details.dead-letter-group').count(), 1, 'only the email group');
    await page.getByRole('button', { name: 'Replay this window…' }).click();
    const dialog = page.locator('#confirm-dialog');
    await dialog.locator('ul.replay-jobs').waitFor();
    assert.equal(await dialog.locator('#confirm-title').innerText(), 'Replay 2 jobs?');
    const listed = await dialog.locator('ul.replay-jobs li').allInnerTexts();
    assert.deepEqual(listed, [...ids.emails].sort(), 'exactly the failed emails, not the failed webhook');
    await screenshot(page, 'dead-letters-replay-dialog');
    await dialog.getByRole('button', { name: 'Replay' }).click();

    const result = page.locator('#replay-result');
    await result.locator('ul.replay-jobs').waitFor();
    const links = await result.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    assert.deepEqual(links.sort(), ids.emails.map((id) => `/dashboard/jobs/${id}`).sort());
    for (const id of ids.emails) await statusOf(id, 'succeeded');
    assert.equal(stack.sink.messages.length, 2, 'both emails sent this time');
    await page.getByText('No dead letters in this window.').waitFor({ timeout: 15_000 });

    const eventId = await result.locator('.audit-event-id').innerText();
    const events = await waitFor(
      async () => {
        const r = await stack.api.request('GET', '/v1/audit-events?action=jobs.replayed');
        return r.body.events?.length > 0 && r.body.events;
      },
      { what: 'the jobs.replayed audit event' },
    );
    assert.deepEqual(
      events.map((e: any) => [e.id, e.resource, [...e.detail.started].sort()]),
      [[eventId, 'jobs:email', [...ids.emails].sort()]],
    );
    await screenshot(page, 'dead-letters-replayed');
    assert.deepEqual(watch.problems, []);
  });

  it('refuses to replay a list that changed since the dry run, and says so', async () => {
    stack.sink.replyNext(550, '5.1.1 No such user');
    const id = await start('/v1/emails', { to: ['ada@example.com'], subject: 'Stale', text: 'x' });
    await statusOf(id, 'failed');
    await page.locator(`tr[data-job-id="${id}"]`).waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Replay this window…' }).click();
    const dialog = page.locator('#confirm-dialog');
    await dialog.locator('ul.replay-jobs li', { hasText: id }).waitFor();
    // Someone else runs it again while the dialog is open: the plan no longer holds it.
    assert.equal((await stack.api.request('POST', `/v1/jobs/${id}/retry`)).status, 202);
    await statusOf(id, 'succeeded');
    await waitFor(
      async () =>
        (await stack.api.request('POST', '/v1/jobs/replay', { kind: 'email', since: '2026-01-01T00:00:00Z' })).body
          .count === 0,
      { what: 'the retried email out of the dead letters' },
    );
    await dialog.getByRole('button', { name: 'Replay' }).click();
    await page.locator('#flash[data-kind="error"]', { hasText: 'run the dry run again' }).waitFor();
    assert.equal(stack.sink.messages.filter((m) => m.parsed.subject === 'Stale').length, 1, 'sent once, by the retry');
    assert.deepEqual(
      watch.problems.filter((p) => !/status of 409/.test(p)),
      [],
    );
  });

  it('answers a custom window without since with a message naming the field', async () => {
    const response = await page.goto(`${stack.api.url}/dashboard/dead-letters?window=custom&kind=email`);
    assert.equal(response!.status(), 400);
    assert.match(
      await page.locator('.filter-errors li[data-field="since"]').innerText(),
      /since: is required for a custom window/,
    );
    assert.equal(await page.getByLabel('Kind').inputValue(), 'email', 'the form kept');
    const since = new Date(Date.now() - 3_600_000).toISOString().slice(0, 19);
    assert.equal(
      (await page.goto(`${stack.api.url}/dashboard/dead-letters?window=custom&since=${since}`))!.status(),
      200,
    );
    await liveRegion().waitFor();
    assert.deepEqual(await groupIds(page, WEBHOOK_GROUP), [ids.laterWebhook]);
  });

  it('shows a read-only key the groups without Retry or Replay, and the API refuses it', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((url) => url.pathname === '/dashboard/sign-in');
    await signIn(page, stack.api.url, stack.api.readerKey!, '/dashboard/dead-letters');
    await liveRegion().waitFor();
    assert.deepEqual(await groupIds(page, WEBHOOK_GROUP), [ids.laterWebhook]);
    assert.equal(await page.locator('form[data-api], form[data-replay]').count(), 0);
    assert.deepEqual(await page.locator('main button').allInnerTexts(), ['Show']);
    const asReader = { authorization: `Bearer ${stack.api.readerKey}` };
    const since = new Date(Date.now() - 3_600_000).toISOString();
    assert.equal((await stack.api.request('POST', `/v1/jobs/${ids.laterWebhook}/retry`, {}, asReader)).status, 403);
    assert.equal((await stack.api.request('POST', '/v1/jobs/replay', { since }, asReader)).status, 403);
  });
});
