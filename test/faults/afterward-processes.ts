// Afterward as production runs it: an `api` process and a `worker` process (real OS processes) on one Temporal
// server and one PostgreSQL database, sending to a real SMTP sink, a webhook receiver and a task app on loopback.
import { generateSecret } from '../../activities/webhooks/signature';
import { type Receiver, reply, startReceiver } from '../activities/webhooks/receiver';
import { startDeployment } from '../cluster/deployment';
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
  const deployment = await startDeployment({
    address: temporal.address,
    namespace: temporal.namespace,
    databaseUrl: await createTestDatabase(),
    workers: 1,
    env: {
      TEMPORAL_TASK_QUEUE: uniqueTaskQueue('faults'),
      SMTP_URL: sink.url,
      WEBHOOK_ALLOW_LIST: '127.0.0.1',
      // Short attempts and retries, so that an attempt lost to a kill is retried within seconds, not minutes.
      WEBHOOK_TIMEOUT: '3s',
      WEBHOOK_RETRY_SCHEDULE: '0,1s,1s,1s,1s,1s,1s,1s,1s,1s',
      EMAIL_RETRY_INITIAL: '200',
      EMAIL_RETRY_MAX: '1s',
      TASK_ALLOWED_ORIGINS: taskApp.origin,
      TASK_SIGNING_SECRET: generateSecret(),
      TASK_TYPES_REFRESH: '1s',
    },
  });
  const runs = () => [deployment.api, ...deployment.workers];
  const output = () =>
    runs()
      .map((run, i) => `--- process ${i}\n${run.output()}`)
      .join('\n');
  await waitFor(async () => (await fetch(`${deployment.apiUrl}/readyz`).catch(() => undefined))?.status === 200, {
    timeoutMs: 60_000,
    what: `the api's /readyz; output so far:\n${output()}`,
  });

  return {
    sink,
    webhookReceiver,
    taskApp,
    request: deployment.request,
    async killWorker() {
      const worker = deployment.workers.at(-1)!;
      worker.child.kill('SIGKILL');
      await worker.exited;
    },
    async startWorker() {
      await deployment.addWorker();
    },
    output,
    async close() {
      await deployment.stop();
      await sink.close();
      await webhookReceiver.close();
      await taskApp.close();
    },
  };
}
