// The Temporal Web UI of the run's dev server, driven in headless Chromium: what an operator sees
// of jobs started over Afterward's HTTP API. Screenshots land in test-output/ui/.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { type Browser, chromiumMissing, launchChromium, openUntilShown } from '../helpers/chromium';
import { type EmailStack, startEmailStack } from '../helpers/email-stack';
import { testEnv } from '../helpers/test-env';
import { waitFor } from '../helpers/wait-for';

const SCREENSHOTS = path.join(process.env.AFTERWARD_TEST_OUTPUT ?? 'test-output', 'ui');
const ROWS = 'workflows-summary-configurable-table-row';
const HOSTILE = '<img src=x onerror=window.__x=1> [click](javascript:alert(1))';

describe('the Temporal Web UI, in headless Chromium', { skip: chromiumMissing() }, () => {
  let stack: EmailStack;
  let stopWorker: () => Promise<void>;
  let browser: Browser;
  let page: Page;
  let ui: string;
  const jobs = { sent: '', ping: '', waiting: '' };

  const workflowsUrl = (query: string): string =>
    `${ui}/namespaces/default/workflows?query=${encodeURIComponent(query)}`;
  const workflowUrl = (id: string): string => `${ui}/namespaces/default/workflows/${encodeURIComponent(id)}`;
  const screenshot = (name: string): Promise<Buffer> =>
    page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
  const status = (text: string) => page.locator('header').getByText(text, { exact: true });
  const jobStatus = async (id: string): Promise<string> =>
    (await stack.api.request('GET', `/v1/jobs/${id}`)).body.status;
  const post = async (url: string, body: unknown): Promise<string> => {
    const { status: code, body: job } = await stack.api.request('POST', url, body);
    assert.equal(code, 202, `POST ${url} answers 202`);
    return job.id;
  };

  before(async () => {
    ui = testEnv('AFTERWARD_TEST_TEMPORAL_UI');
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    stack = await startEmailStack('ui');
    stopWorker = (await stack.startWorker()).stop;
    jobs.sent = await post('/v1/emails', { to: ['ada@example.com'], subject: 'Seen in the UI', text: 'Hello' });
    jobs.ping = await post('/v1/pings', { message: 'hello from the UI test' });
    jobs.waiting = await post('/v1/emails', {
      to: ['grace@example.com'],
      subject: 'In an hour',
      text: 'Later',
      delay: '1h',
    });
    await waitFor(async () => (await jobStatus(jobs.sent)) === 'succeeded', { what: `${jobs.sent} to succeed` });
    browser = await launchChromium();
    page = browser.page;
  });

  after(async () => {
    await browser?.close();
    await stopWorker?.();
    await stack?.close();
  });

  it('finds a sent email job by its id: Completed, type sendEmail, search attribute JobKind = email', async () => {
    await openUntilShown(
      page,
      workflowsUrl(`WorkflowId = "${jobs.sent}"`),
      (p, timeout) => p.getByTestId(ROWS).getByText('Completed').waitFor({ timeout }),
      {
        what: `${jobs.sent} as Completed in the list`,
      },
    );
    await page.getByRole('link', { name: jobs.sent, exact: true }).click();
    await page.waitForURL(`**/workflows/${jobs.sent}/**`);
    assert.equal((await page.getByTestId('workflow-id-heading').innerText()).trim(), jobs.sent);
    await status('Completed').waitFor();
    await page.getByRole('link', { name: 'sendEmail', exact: true }).waitFor();
    await screenshot('email-completed');

    await page.getByTestId('search-attributes-tab').click();
    await page.waitForURL('**/search-attributes');
    const attributes = page.locator('main').getByText('"JobKind"');
    await attributes.waitFor();
    assert.match(await page.locator('main').innerText(), /"JobKind": "email"/);
    await screenshot('email-search-attributes');
  });

  it('filters the workflow list by JobKind: the email jobs are listed, the ping job is not', async () => {
    const ours = `TaskQueue = "${stack.taskQueue}"`;
    await openUntilShown(
      page,
      workflowsUrl(ours),
      (p, timeout) => p.getByTestId(ROWS).filter({ hasText: jobs.ping }).waitFor({ timeout }),
      {
        what: 'the ping job in the unfiltered list',
      },
    );
    await page.getByTestId('toggle-manual-query').click();
    const box = page.getByTestId('manual-search-input');
    await box.fill(`${ours} AND JobKind = "email"`);
    await box.press('Enter');
    await page.waitForURL((url) => url.searchParams.get('query')?.includes('JobKind = "email"') ?? false);
    const rows = page.getByTestId(ROWS);
    await waitFor(async () => (await rows.count()) === 2, { timeoutMs: 15_000, what: 'two email rows' });
    const texts = await rows.allInnerTexts();
    assert.ok(
      texts.some((row) => row.includes(jobs.sent)) && texts.some((row) => row.includes(jobs.waiting)),
      'both email jobs are listed',
    );
    assert.ok(
      texts.every((row) => row.includes('sendEmail')),
      'every listed job is a sendEmail workflow',
    );
    assert.ok(
      texts.every((row) => !row.includes(jobs.ping)),
      'the ping job is filtered out',
    );
    await screenshot('list-filtered-by-kind');
  });

  it("shows a delayed email's pending timer, and Canceled once the job is cancelled over HTTP", async () => {
    const timerStarted = page.getByTestId('event-summary-row').filter({ hasText: 'Timer Started' });
    await openUntilShown(
      page,
      workflowUrl(jobs.waiting),
      (p, timeout) => p.locator('header').getByText('Running', { exact: true }).waitFor({ timeout }),
      {
        what: `${jobs.waiting} as Running`,
      },
    );
    await timerStarted.waitFor();
    assert.match(await timerStarted.innerText(), /59 minutes/, 'the timer waits out the hour');
    assert.equal(
      await page.getByTestId('event-summary-row').filter({ hasText: 'Timer Fired' }).count(),
      0,
      'the timer has not fired',
    );
    await page.getByText(/\(59m, \d+s\)/).waitFor();
    await screenshot('email-pending-timer');

    const cancelled = await stack.api.request('POST', `/v1/jobs/${jobs.waiting}/cancel`);
    assert.equal(cancelled.status, 202);
    await openUntilShown(
      page,
      workflowUrl(jobs.waiting),
      (p, timeout) => p.locator('header').getByText('Canceled', { exact: true }).waitFor({ timeout }),
      {
        what: `${jobs.waiting} as Canceled`,
      },
    );
    await page.getByTestId('event-summary-row').filter({ hasText: 'Workflow Execution Canceled' }).waitFor();
    await screenshot('email-canceled');
  });

  it("shows what the job is in its user metadata: the summary and details as text, the subject's HTML escaped", async () => {
    const hostile = await post('/v1/emails', { to: ['ada@example.com'], subject: HOSTILE, text: 'x', delay: '1h' });
    await openUntilShown(
      page,
      workflowUrl(hostile),
      (p, timeout) => p.getByText('User Metadata', { exact: true }).waitFor({ timeout }),
      { what: `${hostile} with its user metadata tab` },
    );
    await page.getByText('User Metadata', { exact: true }).click();
    // The UI renders each as Markdown, in frames of its own: read and search every frame.
    const frames = () => page.frames();
    const shown = async () =>
      (
        await Promise.all(
          frames().map((f) =>
            f
              .locator('body')
              .innerText()
              .catch(() => ''),
          ),
        )
      ).join('\n');
    await waitFor(async () => (await shown()).includes('Afterward email job'), { what: 'the details' });
    const text = await shown();
    // The UI's typographer curls the quotes.
    const summary = text.split('\n').find((line) => line.startsWith('email · 1 recipient · '));
    assert.equal(summary?.slice(23, 63), HOSTILE.slice(0, 40), `the summary as text: ${text}`);
    assert.ok(text.includes(`subject: ${HOSTILE}`), `the subject in the details as text: ${text}`);
    const injected = await Promise.all(
      frames().map((f) =>
        f
          .locator('img[src="x"], a[href^="javascript:"]')
          .count()
          .catch(() => 0),
      ),
    );
    assert.deepEqual(
      injected.filter((n) => n > 0),
      [],
      'no element injected',
    );
    assert.equal(await page.evaluate(() => (window as { __x?: unknown }).__x), undefined, 'no script ran');
    await screenshot('email-user-metadata');
    await stack.api.request('POST', `/v1/jobs/${hostile}/cancel`);
  });
});
