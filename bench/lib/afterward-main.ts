// A real Afterward for the picture-taking scripts: src/main.ts (dev server, worker and API on free ports,
// state in a temp dir, a key of its own), or the running `npm start` (API on 127.0.0.1:3000, Web UI on
// localhost:8233, its key in AFTERWARD_API_KEY) when there is one.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../test/helpers/free-port';
import { waitFor } from '../../test/helpers/wait-for';
import { scriptApiKey } from './api-key';

const ROOT = path.resolve(__dirname, '..', '..');
const RUNNING_API = 'http://127.0.0.1:3000';

export interface AfterwardMain {
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

/** The running `npm start`, if it answers. */
export async function runningAfterward(): Promise<AfterwardMain | undefined> {
  if (!(await ready(RUNNING_API, 1000))) return undefined;
  return {
    api: RUNNING_API,
    ui: 'http://localhost:8233',
    key: process.env.AFTERWARD_API_KEY ?? '',
    stop: async () => {},
  };
}

export interface StartOptions {
  log(line: string): void;
  /** More variables for src/config (WEBHOOK_RETRY_SCHEDULE, ...). */
  env?: Record<string, string>;
  /** The name of the key it makes (the dashboard shows it). */
  keyName?: string;
}

/** A fresh src/main.ts of our own; `stop` ends it and removes its state. */
export async function startAfterwardMain({ log, env = {}, keyName }: StartOptions): Promise<AfterwardMain> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'afterward-screenshot-'));
  const [http, grpc, ui] = [await freePort(), await freePort(), await freePort()];
  const apiKey = scriptApiKey(keyName);
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
      ...apiKey.env,
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    }
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
  return { api, ui: `http://localhost:${ui}`, key: apiKey.key, stop };
}

/** One JSON API call with the key; throws on any answer but 2xx. */
export async function callApi<T>(app: AfterwardMain, method: string, url: string, body?: unknown): Promise<T> {
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
