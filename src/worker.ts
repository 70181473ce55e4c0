import os from 'node:os';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities } from '../activities';
import { createMailTransport } from '../activities/mail-transport';
import { createWebhookHttpClient, type WebhookHttpClient } from '../activities/webhooks/http-client';
import type { Config, WebhookConfig } from './config';
import { REQUEST_ID_INTERCEPTORS } from './observability/request-id';
import type { Store } from './store/open-store';
import { connectionSecurity } from './temporal/connection';
import { payloadCodecs } from './temporal/payload-codec';

export const WORKFLOWS_PATH = require.resolve('../workflows');

export interface StartedWorker {
  worker: Worker;
  /** Resolves when the worker has drained and stopped; rejects if it crashed. */
  running: Promise<void>;
  close(): Promise<void>;
}

/** One keep-alive pool per worker; WEBHOOK_TIMEOUT_MS bounds the whole attempt and each of its phases. */
export function createWebhookClient(w: WebhookConfig): WebhookHttpClient {
  return createWebhookHttpClient({ allow: w.allowList, attemptTimeoutMs: w.timeoutMs, headersTimeoutMs: w.timeoutMs, bodyTimeoutMs: w.timeoutMs });
}

export function workerIdentity(): string {
  return `${process.pid}@${os.hostname()}`;
}

/** Real dependencies → activities → a worker polling the configured task queue. */
export interface WorkerDeps {
  address: string;
  smtpUrl: string;
  store: Store;
}

export async function startWorker(config: Config, { address, smtpUrl, store }: WorkerDeps, extra: Partial<WorkerOptions> = {}): Promise<StartedWorker> {
  const t = config.temporal;
  const connection = await NativeConnection.connect({ address, ...connectionSecurity(t) });
  const identity = workerIdentity();
  const transport = createMailTransport({
    url: smtpUrl,
    tls: { rejectUnauthorized: config.smtp.tlsRejectUnauthorized },
    pool: { maxConnections: config.smtp.maxConnections, maxMessages: 100 },
    timeouts: config.smtp.timeouts,
  });
  const webhookClient = createWebhookClient(config.webhooks);
  const worker = await Worker.create({
    connection,
    namespace: t.namespace,
    taskQueue: t.taskQueue,
    identity,
    workflowsPath: WORKFLOWS_PATH,
    // The same codec as the client's: encrypted payloads in, encrypted results out.
    dataConverter: payloadCodecs(t.payloadKeys),
    interceptors: REQUEST_ID_INTERCEPTORS,
    activities: createActivities({
      workerIdentity: identity,
      email: { transport, defaultFrom: config.email.defaultFrom },
      audit: { store: store.audit },
      webhooks: { client: webhookClient, endpoints: store.webhookEndpoints, audit: store.audit, disableAfterMs: config.webhooks.disableAfterMs },
    }),
    maxConcurrentActivityTaskExecutions: config.worker.maxConcurrentActivities,
    // Enforced by the server across every worker on the task queue, not per process.
    maxTaskQueueActivitiesPerSecond: config.worker.taskQueueActivitiesPerSecond,
    maxCachedWorkflows: config.worker.maxCachedWorkflows,
    // The SDK's default of 0 cancels every in-flight activity at once on shutdown; let them finish.
    shutdownGraceTime: config.worker.shutdownGraceMs,
    ...extra,
  });
  const running = worker.run();
  return {
    worker,
    running,
    close: async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
      transport.close();
      await webhookClient.close();
      await connection.close();
    },
  };
}
