import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './free-port';
import { testEnv } from './test-env';
import { waitFor } from './wait-for';

const MAIN = path.resolve(__dirname, '..', '..', 'src', 'main.ts');

export interface RunningProcess {
  child: ChildProcess;
  /** Its stdout and stderr so far, as one text. */
  output: () => string;
  exited: Promise<number | null>;
}

export function captured(child: ChildProcess): RunningProcess {
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** Sends `signal`, then SIGKILL if the process has not exited within `graceMs`; answers its exit code. */
export async function stopProcess(
  run: RunningProcess,
  signal: NodeJS.Signals = 'SIGINT',
  graceMs = 15_000,
): Promise<number | null> {
  if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill(signal);
  const timer = setTimeout(() => run.child.kill('SIGKILL'), graceMs);
  try {
    return await run.exited;
  } finally {
    clearTimeout(timer);
  }
}

export function startMain(env: Record<string, string>): RunningProcess {
  return captured(
    spawn(process.execPath, ['--import', 'tsx', MAIN], {
      env: { ...process.env, LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
}

/** The real process in role worker on the run's dev server, with `env` (its queue, SMTP, …); resolves once it runs. */
export async function startWorkerProcess(env: Record<string, string>): Promise<RunningProcess> {
  const worker = startMain({
    AFTERWARD_ROLE: 'worker',
    AFTERWARD_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'afterward-worker-')),
    TEMPORAL_ADDRESS: testEnv('AFTERWARD_TEST_TEMPORAL_ADDRESS'),
    WORKER_SHUTDOWN_GRACE_MS: '1000',
    ...env,
  });
  try {
    await waitFor(() => worker.output().includes('Afterward is running'), {
      timeoutMs: 60_000,
      what: `the worker to start; output so far:\n${worker.output()}`,
    });
  } catch (err) {
    worker.child.kill('SIGKILL');
    throw err;
  }
  return worker;
}

/** Role `all` with its embedded dev server, on free ports (HTTP_PORT in `env` if given) and a fresh data dir; resolves once /readyz answers 200. */
export async function startAllInOne(
  prefix: string,
  env: Record<string, string> = {},
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix)),
) {
  const [httpPort, devPort, uiPort, metricsPort] = [
    Number(env.HTTP_PORT) || (await freePort()),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const run = startMain({
    AFTERWARD_DATA_DIR: dataDir,
    HTTP_PORT: String(httpPort),
    TEMPORAL_DEV_PORT: String(devPort),
    TEMPORAL_DEV_UI_PORT: String(uiPort),
    TEMPORAL_CLI_PATH: testEnv('AFTERWARD_TEST_TEMPORAL_CLI'),
    WORKER_METRICS_ADDRESS: `127.0.0.1:${metricsPort}`,
    ...env,
  });
  const api = `http://127.0.0.1:${httpPort}`;
  try {
    await waitFor(async () => (await fetch(`${api}/readyz`).catch(() => undefined))?.status === 200, {
      timeoutMs: 60_000,
      what: `/readyz; output so far:\n${run.output()}`,
    });
  } catch (err) {
    run.child.kill('SIGINT');
    throw err;
  }
  return { run, api, devPort, uiPort, metricsPort, dataDir };
}
