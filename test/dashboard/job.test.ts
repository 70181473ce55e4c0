// The job view in Chromium over the real stack: a sent email's attempt with its SMTP reply, a failed webhook's attempts
// with HTTP 500 and the error, run again through Retry's confirmation until it succeeds, the Temporal UI link and the
// CLI command, a sequence's steps linked to their jobs, an unknown id as a 404 page, and hostile text staying text.
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
import { confirmControl, shownStatus } from './job-page';

describe('dashboard job view', { skip: chromiumMissing() }, () => {
  let stack: AllKindsStack;
  let browser: Browser;
  let page: Page;
  let watch: PageWatch;
  const open = async (id: string) => (await page.goto(`${stack.api.url}/dashboard/jobs/${encodeURIComponent(id)}`))!;

  before(async () => {
    stack = await startAllKindsStack('dashboard-job', { retryScheduleMs: [0] });
    browser = await launchChromium();
    page = browser.page;
    watch = watchPage(page, stack.api.url);
    await signIn(page, stack.api.url, stack.api.key!, '/dashboard/jobs');
  });
  after(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('shows a sent email: status, times, its attempt with the SMTP 250 reply, result, links and no controls', async () => {
    const started = await stack.api.request('POST', '/v1/emails', {
      to: ['ada@example.com'],
      subject: HOSTILE_IMG,
      text: HOSTILE_SCRIPT,
    });
    assert.equal(started.status, 202, JSON.stringify(started.body));
    const job = await stack.closedJob(started.body.id);
    assert.equal(job.status, 'succeeded');

    assert.equal((await open(job.id)).status(), 200);
    assert.equal(await shownStatus(page), 'succeeded');
    const facts = await page.locator('dl.facts').innerText();
    assert.ok(facts.includes(`subject: ${HOSTILE_IMG}`), facts);
    assert.equal(await page.locator('dl.facts time').first().getAttribute('datetime'), job.createdAt);
    const attempt = page.locator('table.attempts tbody tr[data-attempt="1"]');
    assert.equal(await attempt.getAttribute('data-outcome'), 'succeeded');
    assert.match(await attempt.innerText(), /\b250\b/, 'the SMTP code');
    assert.match(await attempt.innerText(), /250 .*queued|250 /, "and the server's reply");
    assert.ok((await page.locator('pre.job-result').innerText()).includes(job.result.messageId));
    assert.equal(await page.locator('form[data-api]').count(), 0, 'a sent email has no controls');

    assert.equal(await page.locator('a.temporal-ui').getAttribute('href'), job.links.temporalUi);
    assert.match(job.links.temporalUi, new RegExp(`/namespaces/default/workflows/${job.id}/`));
    assert.equal(
      await page.locator('code.cli-describe').innerText(),
      `temporal workflow describe --namespace default --workflow-id ${job.id}`,
    );
    await nothingInjected(page);
    await screenshot(page, 'job');
    assert.deepEqual(watch.problems, []);
  });

  it("shows an email refused for good: its attempt failed with SMTP 550 and the server's words", async () => {
    stack.sink.replyNext(550, '5.1.1 mailbox unavailable');
    const r = await stack.api.request('POST', '/v1/emails', { to: ['gone@example.com'], subject: 'Bye', text: 'Hi' });
    const failed = await stack.closedJob(r.body.id);
    assert.equal(failed.status, 'failed');
    await open(failed.id);
    const attempt = page.locator('table.attempts tbody tr');
    assert.equal(await attempt.count(), 1);
    assert.equal(await attempt.getAttribute('data-outcome'), 'failed');
    assert.match(await attempt.innerText(), /\b550\b[\s\S]*mailbox unavailable/);
    assert.deepEqual(await page.locator('.job-controls button').allInnerTexts(), ['Retry']);
  });

  it("shows a failed webhook's attempts with HTTP 500 and the error, and retries it through the dialog", async () => {
    stack.handler = reply(500, { 'content-type': 'text/plain' }, HOSTILE_SCRIPT);
    const endpoint = await stack.createEndpoint();
    const sent = await stack.send({ endpointId: endpoint.id, event: 'invoice.paid', payload: { note: HOSTILE_IMG } });
    const failed = await stack.closedJob(sent.jobs?.[0]?.id ?? sent.id);
    assert.equal(failed.status, 'failed');
    assert.ok(failed.attemptLog.length >= 1);

    await open(failed.id);
    assert.equal(await shownStatus(page), 'failed');
    const rows = page.locator('table.attempts tbody tr');
    assert.equal(await rows.count(), failed.attemptLog.length, 'every attempt of GET /v1/webhooks/:id/attempts');
    for (const text of await rows.allInnerTexts()) {
      assert.match(text, /\b500\b/, 'the HTTP status');
      assert.ok(text.includes(HOSTILE_SCRIPT), `the response as text: ${text}`);
    }
    assert.ok((await page.locator('.job-error').innerText()).includes(failed.lastError.message));
    const controls = await page.locator('.job-controls button').allInnerTexts();
    assert.deepEqual(controls, ['Retry'], 'a failed job can only be retried');
    await nothingInjected(page);

    stack.handler = reply(200);
    const problemsBefore = watch.problems.length;
    await confirmControl(page, 'Retry');
    await page.locator('.job-details[data-status="succeeded"]').waitFor({ timeout: 30_000 });
    const retried = (await stack.api.request('GET', `/v1/jobs/${failed.id}`)).body;
    assert.equal(retried.status, 'succeeded');
    assert.ok(retried.retryOf, 'a new run of the job');
    assert.ok((await page.locator('section[aria-label="Earlier runs"]').innerText()).includes(retried.retryOf));
    assert.match(await page.locator('table.attempts tbody tr').last().innerText(), /\b200\b/);
    const audit = (await stack.api.request('GET', '/v1/audit-events?action=job.retried')).body;
    assert.ok(JSON.stringify(audit).includes(failed.id), 'the retry went through the API, audited');
    assert.deepEqual(watch.problems.slice(problemsBefore), []);
  });

  it("lists a sequence's steps with their status, each linked to its step job", async () => {
    const started = await stack.api.request('POST', '/v1/sequences', {
      steps: [
        { type: 'ping', input: { message: 'first' } },
        { type: 'email', input: { to: ['ada@example.com'], subject: 'Step two', text: 'Hi' } },
      ],
    });
    assert.equal(started.status, 202, JSON.stringify(started.body));
    const sequence = await stack.closedJob(started.body.id, 30_000);
    assert.equal(sequence.status, 'succeeded');
    await open(sequence.id);
    const steps = page.locator('table.steps tbody tr');
    assert.deepEqual(await steps.evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.status)), [
      'succeeded',
      'succeeded',
    ]);
    const emailStep = sequence.progress[1].jobId;
    await Promise.all([
      page.waitForURL((url) => url.pathname === `/dashboard/jobs/${emailStep}`),
      steps.nth(1).getByRole('link').click(),
    ]);
    assert.match(await page.locator('table.attempts tbody tr').innerText(), /\b250\b/);
  });

  it('answers an unknown job id, and an internal workflow id, with a 404 page', async () => {
    const problemsBefore = watch.problems.length;
    const missing = await open('email-0000000000000000000000000x');
    assert.equal(missing.status(), 404);
    assert.match(await page.locator('main .error').innerText(), /no job with id email-0000000000000000000000000x/);
    const stream = await page.request.get(`${stack.api.url}/dashboard/jobs/email-0000000000000000000000000x/stream`);
    assert.equal(stream.status(), 404, 'no stream of a job that is not there');
    const internal = await open(`audit-writer-${stack.taskQueue}-0`);
    assert.equal(internal.status(), 404, 'an internal workflow is no job, as for GET /v1/jobs/:id');
    const hostile = await open(HOSTILE_IMG);
    assert.equal(hostile.status(), 404);
    assert.ok((await page.locator('main .error').innerText()).includes(HOSTILE_IMG));
    await nothingInjected(page);
    const rest = watch.problems.slice(problemsBefore).filter((p) => !/status of 404/.test(p));
    assert.deepEqual(rest, []);
  });
});
