// `npm run dashboard:screenshots [-- <dir>]`: pictures of the dashboard for people (the README's are
// `npm run dashboard:screenshots -- docs/images`): overview.png, job.png (a failed webhook with its attempt
// timeline) and dead-letters.png. Always starts its own Afterward (src/main.ts on free ports, state in a
// temp dir, a key of its own) with webhooks allowed to reach the loopback receiver it starts and a short
// retry ladder, makes a small workload through the API, waits for the failures to close, and stops both.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { chromiumMissing, launchChromium, openUntilShown } from '../test/helpers/chromium';
import { signIn } from '../test/helpers/dashboard';
import { waitFor } from '../test/helpers/wait-for';
import { type AfterwardMain, callApi, startAfterwardMain } from './lib/afterward-main';
import { startShowcaseReceiver } from './lib/showcase-receiver';
import { createWorkload, FAILING_EVENTS } from './lib/showcase-workload';

const ROOT = path.resolve(__dirname, '..');
const outDir = path.resolve(process.argv[2] ?? path.join(ROOT, 'test-output', 'dashboard-screenshots'));
const log = (line: string): void => console.error(`[dashboard:screenshots] ${line}`);
// Three attempts a second or two apart: the failing deliveries close within seconds, with a timeline to show.
const RETRY_SCHEDULE = '0s,1s,2s';

async function allClosed(app: AfterwardMain, ids: string[]): Promise<boolean> {
  const jobs = await Promise.all(ids.map((id) => callApi<{ closedAt: string | null }>(app, 'GET', `/v1/jobs/${id}`)));
  return jobs.every((job) => job.closedAt !== null);
}

async function save(page: Page, name: string): Promise<void> {
  const file = path.join(outDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  log(`wrote ${path.relative(process.cwd(), file)}`);
}

async function photograph(app: AfterwardMain, failing: string[]): Promise<void> {
  const browser = await launchChromium();
  try {
    const { page } = browser;
    await page.setViewportSize({ width: 1280, height: 720 });
    await signIn(page, app.api, app.key);
    fs.mkdirSync(outDir, { recursive: true });
    // Dead letters come from visibility, which trails the jobs by a moment: load until every failed one shows.
    await openUntilShown(
      page,
      `${app.api}/dashboard/dead-letters`,
      (p, timeout) =>
        Promise.all(failing.map((id) => p.getByRole('link', { name: id, exact: true }).waitFor({ timeout }))),
      { what: 'the failed webhooks as dead letters' },
    );
    await save(page, 'dead-letters');
    const attempts = RETRY_SCHEDULE.split(',').length;
    await openUntilShown(
      page,
      `${app.api}/dashboard/jobs/${failing[0]}`,
      (p, timeout) =>
        p
          .locator('table.attempts tbody tr')
          .nth(attempts - 1)
          .waitFor({ timeout }),
      { what: `the ${attempts} attempts of ${failing[0]}` },
    );
    await save(page, 'job');
    await page.goto(`${app.api}/dashboard`);
    await page.locator('table.overview-kinds').waitFor({ timeout: 10_000 });
    await save(page, 'overview');
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  const missing = chromiumMissing();
  if (missing) throw new Error(missing);
  const receiver = await startShowcaseReceiver(FAILING_EVENTS);
  try {
    const app = await startAfterwardMain({
      log,
      keyName: 'admin',
      env: {
        WEBHOOK_ALLOW_LIST: '127.0.0.1',
        WEBHOOK_RETRY_SCHEDULE: RETRY_SCHEDULE,
        TASK_ALLOWED_ORIGINS: receiver.origin,
      },
    });
    try {
      const { closing, failing } = await createWorkload(app, receiver);
      log(`made ${closing.length + 1} jobs; waiting for them to close`);
      await waitFor(() => allClosed(app, closing), { timeoutMs: 60_000, intervalMs: 500, what: 'the jobs to close' });
      await photograph(app, failing);
    } finally {
      await app.stop();
    }
  } finally {
    await receiver.close();
  }
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    log(err.message);
    process.exit(1);
  },
);
