import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './free-port';
import { testEnv } from './test-env';
import { waitFor } from './wait-for';

const ROOT = path.resolve(__dirname, '..', '..');

/** Node's arguments for Afterward run from the sources, as `npm start` runs it. */
export const FROM_SOURCES = ['--import', 'tsx', path.join(ROOT, 'src', 'main.ts')];

export interface StartOptions {
  /** How node runs Afterward: FROM_SOURCES (the default), or a build's main.js. */
  nodeArgs?: string[];
  /** Only PATH, HOME, TMPDIR and TEMPORAL_CONFIG_FILE of this process's environment reach it, nothing else of the caller's (NODE_OPTIONS, …). */
  cleanEnv?: boolean;
}

export interface RunningProcess {
  child: ChildProcess;
  /** Its stdout and stderr so far, as one text. */
  output: () => string;
  /** Its stdout alone so far (the log lines). */
  stdout: () => string;
  exited: Promise<number | null>;
}

export function captured(child: ChildProcess): RunningProcess {
  let output = '';
  let stdout = '';
  child.stdout!.on('data', (d) => {
    output += d;
    stdout += d;
  });
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, stdout: () => stdout, exited };
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

const pick = (env: NodeJS.ProcessEnv, ...names: string[]) =>
  Object.fromEntries(names.filter((name) => env[name] !== undefined).map((name) => [name, env[name]]));

export interface MainProcess extends RunningProcess {
  /** Its HTTP_PORT: the API's in roles all and api, /healthz and /metrics only in role worker. */
  httpPort: number;
  /** Its WORKER_METRICS_ADDRESS (the Temporal SDK's metrics, in roles all and worker). */
  metricsAddress: string;
}

/**
 * src/main.ts as a child process, with `env`. Many run at once on this machine, so each gets free ports for
 * HTTP_PORT and WORKER_METRICS_ADDRESS, unless `env` names them.
 */
export async function startMain(
  env: Record<string, string>,
  { nodeArgs = FROM_SOURCES, cleanEnv = false }: StartOptions = {},
): Promise<MainProcess> {
  const ports = {
    HTTP_PORT: env.HTTP_PORT ?? String(await freePort()),
    WORKER_METRICS_ADDRESS: env.WORKER_METRICS_ADDRESS ?? `127.0.0.1:${await freePort()}`,
  };
  const run = captured(
    spawn(process.execPath, nodeArgs, {
      cwd: ROOT,
      env: {
        ...(cleanEnv
          ? { ...pick(process.env, 'PATH', 'HOME', 'TEMPORAL_CONFIG_FILE'), TMPDIR: os.tmpdir() }
          : process.env),
        LOG_LEVEL: 'info',
        // Not the developer's own .env, which is in this same directory: a test names its file.
        ENV_FILE: '/dev/null',
        ...env,
        ...ports,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  return Object.assign(run, { httpPort: Number(ports.HTTP_PORT), metricsAddress: ports.WORKER_METRICS_ADDRESS });
}

/** The real process in role worker on the run's dev server, with `env` (its queue, SMTP, …); resolves once it runs. */
export async function startWorkerProcess(env: Record<string, string>): Promise<MainProcess> {
  const worker = await startMain({
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

export interface AllInOneOptions extends StartOptions {
  /** The `temporal` binary of its embedded dev server; default the test run's. */
  cli?: string;
  readyTimeoutMs?: number;
}

/** Role `all` with its embedded dev server, on free ports (those in `env` if given) and a fresh data dir; resolves once /readyz answers 200. */
export async function startAllInOne(
  prefix: string,
  env: Record<string, string> = {},
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix)),
  { cli = testEnv('AFTERWARD_TEST_TEMPORAL_CLI'), readyTimeoutMs = 60_000, ...start }: AllInOneOptions = {},
) {
  const [devPort, uiPort] = [await freePort(), await freePort()];
  const run = await startMain(
    {
      AFTERWARD_DATA_DIR: dataDir,
      TEMPORAL_DEV_PORT: String(devPort),
      TEMPORAL_DEV_UI_PORT: String(uiPort),
      TEMPORAL_CLI_PATH: cli,
      ...env,
    },
    start,
  );
  const api = `http://127.0.0.1:${run.httpPort}`;
  const metricsPort = Number(run.metricsAddress.split(':')[1]);
  try {
    await waitFor(async () => (await fetch(`${api}/readyz`).catch(() => undefined))?.status === 200, {
      timeoutMs: readyTimeoutMs,
      intervalMs: 25,
      what: `/readyz of node ${(start.nodeArgs ?? FROM_SOURCES).join(' ')}; output so far:\n${run.output()}`,
    });
  } catch (err) {
    run.child.kill('SIGINT');
    throw err;
  }
  return { run, api, devPort, uiPort, metricsPort, dataDir };
}
