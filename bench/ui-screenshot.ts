// `npm run ui:screenshot [-- out.png]`: a picture of the Temporal Web UI with a few Afterward jobs in
// it, for people (the README's image is `npm run ui:screenshot -- bench/ui.png`). Uses the running
// `npm start` (API on 127.0.0.1:3000, Web UI on localhost:8233, an API key in AFTERWARD_API_KEY) when
// there is one; otherwise starts its own (src/main.ts: dev server, worker and API on free ports, state
// in a temp dir, a key of its own) and stops it after.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromiumMissing, launchChromium, openUntilShown } from '../test/helpers/chromium';
import { freePort } from '../test/helpers/free-port';
import { waitFor } from '../test/helpers/wait-for';
import { scriptApiKey } from './lib/api-key';

const ROOT = path.resolve(__dirname, '..');
const out = path.resolve(process.argv[2] ?? path.join(ROOT, 'test-output', 'ui', 'screenshot.png'));
const log = (line: string): void => console.error(`[ui:screenshot] ${line}`);

interface Afterward {
  api: string;
  ui: string;
  key: string;
  stop(): Promise<void>;
}

async function ready(api: string, timeoutMs: number): Promise<boolean> {
  return fetch(`${api}/readyz`, { signal: AbortSignal.timeout(timeoutMs) }).then(
    (r) => r.ok,
    () => false,
  );
}

/** The running `npm start`, or a fresh one of our own. */
async function afterward(): Promise<Afterward> {
  if (await ready('http://127.0.0.1:3000', 1000)) {
    log('using the running Afterward at http://127.0.0.1:3000 (Web UI http://localhost:8233)');
    return {
      api: 'http://127.0.0.1:3000',
      ui: 'http://localhost:8233',
      key: process.env.AFTERWARD_API_KEY ?? '',
      stop: async () => {},
    };
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'afterward-screenshot-'));
  const [http, grpc, ui] = [await freePort(), await freePort(), await freePort()];
  const { key, env } = scriptApiKey();
  log(`starting Afterward (src/main.ts) with its state in ${dataDir}`);
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src', 'main.ts')], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      AFTERWARD_DATA_DIR: dataDir,
      HTTP_PORT: String(http),
      TEMPORAL_DEV_PORT: String(grpc),
      TEMPORAL_DEV_UI_PORT: String(ui),
      // The worker's SDK metrics are not needed here, and their default port may be taken.
      WORKER_METRICS_ADDRESS: 'off',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stop = async (): Promise<void> => {
    child.kill('SIGINT');
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(timer);
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  const api = `http://127.0.0.1:${http}`;
  await waitFor(() => child.exitCode === null && ready(api, 2000), {
    timeoutMs: 120_000,
    intervalMs: 500,
    what: 'Afterward to be ready',
  }).catch(async (err) => {
    await stop();
    throw err;
  });
  return { api, ui: `http://localhost:${ui}`, key, stop };
}

async function call<T>(app: Afterward, method: string, url: string, body?: unknown): Promise<T> {
  const response = await fetch(app.api + url, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${app.key}` },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  if (response.status === 401)
    throw new Error(`${method} ${url}: 401: set AFTERWARD_API_KEY to a key of the running Afterward`);
  if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

const post = async (app: Afterward, url: string, body: unknown): Promise<string> =>
  (await call<{ id: string }>(app, 'POST', url, body)).id;

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
        const statuses = await Promise.all(sent.map((id) => call<{ status: string }>(app, 'GET', `/v1/jobs/${id}`)));
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
