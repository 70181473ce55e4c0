// Afterward as production runs it: one process in role api and N in role worker, real OS processes
// (src/main.ts) against one Temporal server, sharing one PostgreSQL store. Used by test/cluster and the
// benchmark, on a test cluster or a dev server alike.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hashApiKey, newApiKey } from '../../src/security/api-keys';
import { freePort } from '../helpers/free-port';
import { type RunningProcess, startMain, stopProcess } from '../helpers/main-process';
import { waitFor } from '../helpers/wait-for';

export interface DeploymentOptions {
  /** host:port of the Temporal frontend. */
  address: string;
  namespace: string;
  /** postgres:// URL of the store every process shares (webhook endpoints, task types, the audit log). */
  databaseUrl: string;
  workers: number;
  /** Environment for every process: SMTP_URL, TEMPORAL_TASK_QUEUE, WEBHOOK_ALLOW_LIST, … */
  env?: Record<string, string>;
}

export interface Deployment {
  /** http://127.0.0.1:<port> of the api process. */
  apiUrl: string;
  /** A key with every scope, for `Authorization: Bearer`. */
  apiKey: string;
  api: RunningProcess;
  /** Every worker process started, in order (killed ones too). */
  workers: RunningProcess[];
  /** Starts one more worker process with the same settings; resolves once it runs. */
  addWorker(): Promise<RunningProcess>;
  /** Calls the API with the key; answers the status and the JSON body. */
  request(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  /** Stops every process (SIGINT, as an orchestrator's stop) and waits until each has exited. */
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 60_000;

export async function startDeployment(o: DeploymentOptions): Promise<Deployment> {
  const apiKey = newApiKey();
  const httpPort = await freePort();
  const common = {
    TEMPORAL_ADDRESS: o.address,
    TEMPORAL_NAMESPACE: o.namespace,
    DATABASE_URL: o.databaseUrl,
    API_KEYS: `deployment:*:${hashApiKey(apiKey)}`,
    RATE_LIMIT_PER_SECOND: '1000000',
    RATE_LIMIT_BURST: '1000000',
    WORKER_SHUTDOWN_GRACE_MS: '1000',
    ...o.env,
  };
  const start = (role: 'api' | 'worker', env: Record<string, string> = {}) =>
    startMain({
      AFTERWARD_ROLE: role,
      AFTERWARD_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), `afterward-${role}-`)),
      ...common,
      ...env,
    });
  const api = await start('api', { HTTP_HOST: '127.0.0.1', HTTP_PORT: String(httpPort) });
  const workers = await Promise.all(Array.from({ length: o.workers }, () => start('worker')));
  const stop = async () => {
    await Promise.all([api, ...workers].map((run) => stopProcess(run)));
  };
  try {
    await Promise.all([api, ...workers].map(untilRunning));
  } catch (err) {
    await stop();
    throw err;
  }
  const apiUrl = `http://127.0.0.1:${httpPort}`;
  return {
    apiUrl,
    apiKey,
    api,
    workers,
    async addWorker() {
      const worker = await start('worker');
      workers.push(worker);
      await untilRunning(worker);
      return worker;
    },
    async request(method, requestPath, body) {
      const response = await fetch(`${apiUrl}${requestPath}`, {
        method,
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    },
    stop,
  };
}

/** Until the process logs that it runs; fails at once, with its output, if it exits first. */
async function untilRunning(run: RunningProcess): Promise<void> {
  const exitedFirst = run.exited.then((code) => Promise.reject(new Error(`it exited with ${code}`)));
  try {
    await Promise.race([
      waitFor(() => run.output().includes('Afterward is running'), {
        timeoutMs: START_TIMEOUT_MS,
        intervalMs: 200,
        what: 'an Afterward process to start',
      }),
      exitedFirst,
    ]);
  } catch (err) {
    throw new Error(`${(err as Error).message}; its output:\n${run.output()}`, { cause: err });
  }
}
