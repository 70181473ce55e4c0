// Afterward as production runs it: an `api` process and a `worker` process (real OS processes) on one Temporal
// server and one PostgreSQL database, sending to a real SMTP sink, a webhook receiver and a task app on loopback.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateSecret } from '../../activities/webhooks/signature';
import { hashApiKey, newApiKey } from '../../src/security/api-keys';
import { type Receiver, reply, startReceiver } from '../activities/webhooks/receiver';
import { freePort } from '../helpers/free-port';
import { type RunningProcess, startMain, startWorkerProcess, stopProcess } from '../helpers/main-process';
import { createTestDatabase } from '../helpers/postgres';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp-sink';
import type { TemporalUnderTest } from '../helpers/temporal-under-test';
import { uniqueTaskQueue } from '../helpers/temporal';
import { waitFor } from '../helpers/wait-for';

export interface AfterwardProcesses {
  sink: SmtpSink;
  webhookReceiver: Receiver;
  taskApp: Receiver;
  /** A call to the api process with a key of every scope; answers the status and the JSON body. */
  request(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  /** SIGKILLs the running worker process (no drain, no shutdown). */
  killWorker(): Promise<void>;
  /** Starts a worker process; resolves once it runs. */
  startWorker(): Promise<void>;
  /** The output of every process so far, for a failure message. */
  output(): string;
  close(): Promise<void>;
}

export async function startAfterwardProcesses(temporal: TemporalUnderTest): Promise<AfterwardProcesses> {
  const sink = await startSmtpSink({ replyDelayMs: { min: 20, max: 50 } });
  const webhookReceiver = await startReceiver(reply(204));
  const taskApp = await startReceiver(reply(200, { 'content-type': 'application/json' }, '{"done":true}'));
  const key = newApiKey();
  const shared = {
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_NAMESPACE: temporal.namespace,
    TEMPORAL_TASK_QUEUE: uniqueTaskQueue('faults'),
    DATABASE_URL: await createTestDatabase(),
    WEBHOOK_ALLOW_LIST: '127.0.0.1',
    // Short attempts and retries, so that an attempt lost to a kill is retried within seconds, not minutes.
    WEBHOOK_TIMEOUT: '3s',
    WEBHOOK_RETRY_SCHEDULE: '0,1s,1s,1s,1s,1s,1s,1s,1s,1s',
    EMAIL_RETRY_INITIAL: '200',
    EMAIL_RETRY_MAX: '1s',
    TASK_ALLOWED_ORIGINS: taskApp.origin,
    TASK_SIGNING_SECRET: generateSecret(),
    TASK_TYPES_REFRESH: '1s',
  };
  const runs: RunningProcess[] = [];
  let worker: RunningProcess | undefined;
  const startWorker = async (): Promise<void> => {
    worker = await startWorkerProcess({ ...shared, SMTP_URL: sink.url });
    runs.push(worker);
  };
  // The worker first: it migrates the database the api then opens, and the api's /readyz wants a poller.
  await startWorker();
  const port = await freePort();
  const apiDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'afterward-faults-api-'));
  const api = startMain({
    ...shared,
    AFTERWARD_ROLE: 'api',
    AFTERWARD_DATA_DIR: apiDataDir,
    HTTP_PORT: String(port),
    API_KEYS: `faults:*:${hashApiKey(key)}`,
    RATE_LIMIT_PER_SECOND: '100000',
    RATE_LIMIT_BURST: '100000',
  });
  runs.push(api);
  const origin = `http://127.0.0.1:${port}`;
  const output = () => runs.map((run, i) => `--- process ${i}\n${run.output()}`).join('\n');
  await waitFor(async () => (await fetch(`${origin}/readyz`).catch(() => undefined))?.status === 200, {
    timeoutMs: 60_000,
    what: `the api's /readyz; output so far:\n${output()}`,
  });

  return {
    sink,
    webhookReceiver,
    taskApp,
    async request(method, path, body) {
      const response = await fetch(`${origin}${path}`, {
        method,
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    },
    async killWorker() {
      worker!.child.kill('SIGKILL');
      await worker!.exited;
    },
    startWorker,
    output,
    async close() {
      for (const run of runs) await stopProcess(run, 'SIGINT', 5_000);
      await sink.close();
      await webhookReceiver.close();
      await taskApp.close();
      fs.rmSync(apiDataDir, { recursive: true, force: true });
    },
  };
}
