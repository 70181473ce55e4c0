import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createAuditActivities } from '../../activities/audit-log';
import { createEmailActivities } from '../../activities/email';
import { createEmailBatchActivities } from '../../activities/email-batches/send-batch-chunk';
import { createMailTransport, type MailTransport } from '../../activities/mail-transport';
import { createPingActivities } from '../../activities/ping';
import { type EmailConfig, loadConfig } from '../../src/config';
import { type TestApi, startTestApi } from './api';
import { type TestStore, openTestStore } from './audit-stack';
import { type SmtpSink, startSmtpSink } from './smtp-sink';
import { connectTestEnv, createTestWorker, uniqueTaskQueue } from './temporal';

/** Quick retries, so "three 421s, then accepted" takes well under a second of backoff. */
export const TEST_EMAIL_CONFIG: EmailConfig = {
  ...loadConfig({}).email,
  retry: { initialIntervalMs: 100, maximumIntervalMs: 400, deadlineMs: 60_000 },
};

export interface EmailStack {
  env: TestWorkflowEnvironment;
  sink: SmtpSink;
  api: TestApi;
  taskQueue: string;
  /** The API's SQLite store, where the worker also records the audit log. */
  store: TestStore;
  /**
   * Starts a worker with the real smtpSend activity, pointed at the sink (and pong, for ping jobs), on the
   * stack's task queue or another one (the email kind's queue, for jobs accepted with a kind limit).
   */
  startWorker(taskQueue?: string): Promise<{ worker: Worker; stop(): Promise<void> }>;
  close(): Promise<void>;
}

/**
 * API → dev server → worker → SMTP over TCP to a sink: every part real. `connect` picks the server:
 * the run's dev server, or startTimeSkippingEnv for tests whose timers are skipped, not waited out.
 */
export async function startEmailStack(
  name: string,
  email: EmailConfig = TEST_EMAIL_CONFIG,
  connect = connectTestEnv,
): Promise<EmailStack> {
  const env = await connect();
  const sink = await startSmtpSink();
  const taskQueue = uniqueTaskQueue(name);
  // The API records its control actions (job.cancelled) through the audit writer, which the worker runs.
  const store = await openTestStore('SQLite');
  const api = await startTestApi(env.client, taskQueue, { email, store });
  const transports: MailTransport[] = [];
  return {
    env,
    sink,
    api,
    taskQueue,
    store,
    async startWorker(queue = taskQueue) {
      const transport = createMailTransport({
        url: sink.url,
        pool: { maxConnections: 2, maxMessages: 100 },
        timeouts: { connectionMs: 2000, greetingMs: 2000, socketMs: 5000 },
      });
      transports.push(transport);
      const activities = {
        ...createPingActivities({ workerIdentity: name }),
        ...createEmailActivities({ transport, defaultFrom: 'Afterward <noreply@afterward.test>' }),
        ...createEmailBatchActivities({
          transport,
          defaultFrom: 'Afterward <noreply@afterward.test>',
          batches: store.emailBatches,
        }),
        ...createAuditActivities({ store: store.audit }),
      };
      const worker = await createTestWorker(env, { taskQueue: queue, activities });
      const running = worker.run();
      return {
        worker,
        stop: async () => {
          worker.shutdown();
          await running;
          transport.close();
        },
      };
    },
    async close() {
      await api.close();
      for (const transport of transports) transport.close();
      await sink.close();
      await store.close();
      await env.teardown();
    },
  };
}

/** How many workflows were ever started on a task queue (visibility), e.g. to prove bad input started nothing. */
export async function countWorkflows(env: TestWorkflowEnvironment, taskQueue: string): Promise<number> {
  const { count } = await env.client.workflow.count(`TaskQueue = '${taskQueue}'`);
  return count;
}
