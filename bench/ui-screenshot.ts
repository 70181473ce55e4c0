// `npm run ui:screenshot [-- out.png]`: a picture of the Temporal Web UI with a few Afterward jobs in
// it, for people (the README's image is `npm run ui:screenshot -- bench/ui.png`). Uses the running
// `npm start` (API on 127.0.0.1:3000, Web UI on localhost:8233, an API key in AFTERWARD_API_KEY) when
// there is one; otherwise starts its own (src/main.ts: dev server, worker and API on free ports, state
// in a temp dir, a key of its own) and stops it after.
import fs from 'node:fs';
import path from 'node:path';
import { chromiumMissing, launchChromium, openUntilShown } from '../test/helpers/chromium';
import { waitFor } from '../test/helpers/wait-for';
import { type AfterwardMain, callApi, runningAfterward, startAfterwardMain } from './lib/afterward-main';

const ROOT = path.resolve(__dirname, '..');
const out = path.resolve(process.argv[2] ?? path.join(ROOT, 'test-output', 'ui', 'screenshot.png'));
const log = (line: string): void => console.error(`[ui:screenshot] ${line}`);

/** The running `npm start`, or a fresh one of our own. */
async function afterward(): Promise<AfterwardMain> {
  const running = await runningAfterward();
  if (!running) return startAfterwardMain({ log });
  log(`using the running Afterward at ${running.api} (Web UI ${running.ui})`);
  return running;
}

const post = async (app: AfterwardMain, url: string, body: unknown): Promise<string> =>
  (await callApi<{ id: string }>(app, 'POST', url, body)).id;

async function main(): Promise<void> {
  const missing = chromiumMissing();
  if (missing) throw new Error(missing);
  const app = await afterward();
  try {
    const sent = [
      await post(app, '/v1/emails', { to: ['ada@example.com'], subject: 'Welcome to Afterward', text: 'Hello Ada' }),
      await post(app, '/v1/pings', { message: 'hello' }),
      await post(app, '/v1/emails', { to: ['grace@example.com'], subject: 'Your receipt', text: 'Thanks' }),
    ];
    const later = await post(app, '/v1/emails', {
      to: ['alan@example.com'],
      subject: 'Trial ends tomorrow',
      text: 'See you',
      delay: '24h',
      tags: ['trial'],
    });
    await waitFor(
      async () => {
        const statuses = await Promise.all(sent.map((id) => callApi<{ status: string }>(app, 'GET', `/v1/jobs/${id}`)));
        return statuses.every((s) => s.status === 'succeeded');
      },
      { timeoutMs: 30_000, what: 'the jobs to finish' },
    );
    const browser = await launchChromium();
    try {
      await browser.page.setViewportSize({ width: 1600, height: 500 });
      await openUntilShown(
        browser.page,
        `${app.ui}/namespaces/default/workflows`,
        (page, timeout) => page.getByRole('link', { name: later, exact: true }).waitFor({ timeout }),
        { what: 'the new jobs' },
      );
      fs.mkdirSync(path.dirname(out), { recursive: true });
      await browser.page.screenshot({ path: out });
    } finally {
      await browser.close();
    }
    log(`wrote ${path.relative(process.cwd(), out)}`);
  } finally {
    await app.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    log(err.message);
    process.exit(1);
  },
);
