// API → dev server → deliverWebhook → postWebhook over HTTP to a real receiver on 127.0.0.1, with
// the endpoint store in SQLite. Loopback is allow-listed here only; nothing leaves the machine.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createAuditActivities } from '../../activities/audit-log';
import { createWebhookJobActivities } from '../../activities/webhooks/endpoint-activities';
import { createJobEventActivities } from '../../src/jobs/job-events-activities';
import { parseAllowList } from '../../activities/webhooks/ssrf-policy';
import { loadConfig, type WebhookConfig } from '../../src/config';
import type { Store, StoreOptions } from '../../src/store/open-store';
import { createWebhookClient } from '../../src/worker';
import { type Handler, type Receiver, reply, startReceiver } from '../activities/webhooks/receiver';
import type { AppDeps } from '../../src/http/app';
import { type TestApi, startTestApi } from './api';
import { type Dialect, openTestStore } from './audit-stack';
import { connectTestEnv, createTestWorker, uniqueTaskQueue } from './temporal';
import { waitFor } from './wait-for';

/** Short everything: 1 s attempts, retries 300 ms apart, so a five-attempt delivery takes about a second. */
export const TEST_WEBHOOK_CONFIG: WebhookConfig = {
  ...loadConfig({}).webhooks,
  allowList: parseAllowList(['127.0.0.1']),
  timeoutMs: 1000,
  retryScheduleMs: [0, 300, 300, 300, 300],
  deadlineMs: 60_000,
};

export interface WebhookStack {
  env: TestWorkflowEnvironment;
  api: TestApi;
  store: Store;
  receiver: Receiver;
  taskQueue: string;
  /** What the receiver answers; replace it per test. */
  handler: Handler;
  /** Creates an endpoint through the API, for `path` on the receiver unless `url` is given. */
  createEndpoint(
    body?: Record<string, unknown>,
    path?: string,
  ): Promise<{ id: string; secret: string; [field: string]: unknown }>;
  /** Posts a webhook and returns the 202 body. */
  send(body: Record<string, unknown>): Promise<any>;
  /** A new endpoint answered by `handler`, one webhook to it, and its job once closed. */
  deliverTo(
    handler: Handler,
    body?: Record<string, unknown>,
  ): Promise<{ endpoint: { id: string; secret: string }; jobId: string; job: any }>;
  /** Waits until the job has closed and returns it as GET /v1/jobs/:id shows it. */
  closedJob(id: string, timeoutMs?: number): Promise<any>;
  attempts(id: string): Promise<any[]>;
  close(): Promise<void>;
}

/**
 * `extraActivities` join the worker's, for tests that run other kinds beside webhooks (sequences);
 * `on` picks the database (SQLite unless told) and its options (PAYLOAD_KEYS for encrypted secrets), and the
 * Temporal server: the run's dev server unless `connect` is startTimeSkippingEnv.
 */
export async function startWebhookStack(
  name: string,
  overrides: Partial<WebhookConfig> = {},
  extraActivities: object | ((run: { taskQueue: string; store: Store }) => object) = {},
  on: { dialect?: Dialect; options?: StoreOptions; connect?: () => Promise<TestWorkflowEnvironment> } = {},
  apiOverrides: Partial<AppDeps> = {},
): Promise<WebhookStack> {
  const config = { ...TEST_WEBHOOK_CONFIG, ...overrides };
  const env = await (on.connect ?? connectTestEnv)();
  const store = await openTestStore(on.dialect ?? 'SQLite', undefined, on.options);
  const taskQueue = uniqueTaskQueue(name);
  const client = createWebhookClient(config);
  const activities = {
    ...createWebhookJobActivities({
      client,
      endpoints: store.webhookEndpoints,
      audit: store.audit,
      disableAfterMs: config.disableAfterMs,
    }),
    // Job events (job.succeeded, …) go to the endpoints of this store.
    ...createJobEventActivities({ client: env.client, endpoints: store.webhookEndpoints, webhooks: config }),
    // The API records its control actions through the audit writer workflow on the same queue.
    ...createAuditActivities({ store: store.audit }),
    ...(typeof extraActivities === 'function' ? extraActivities({ taskQueue, store }) : extraActivities),
  };
  const worker: Worker = await createTestWorker(env, { taskQueue, activities });
  const running = worker.run();
  const api = await startTestApi(env.client, taskQueue, { store, webhooks: config, ...apiOverrides });
  const stack: WebhookStack = {
    env,
    api,
    store,
    receiver: await startReceiver((request, response) => stack.handler(request, response)),
    taskQueue,
    handler: reply(204),
    async createEndpoint(body = {}, path = '/hooks') {
      const created = await api.request('POST', '/v1/webhook-endpoints', {
        url: `${stack.receiver.origin}${path}`,
        ...body,
      });
      if (created.status !== 201) throw new Error(`endpoint refused: ${JSON.stringify(created.body)}`);
      return created.body;
    },
    async send(body) {
      const accepted = await api.request('POST', '/v1/webhooks', {
        event: 'invoice.paid',
        payload: { invoice: 'in_1' },
        ...body,
      });
      if (accepted.status !== 202)
        throw new Error(`webhook refused: ${accepted.status} ${JSON.stringify(accepted.body)}`);
      return accepted.body;
    },
    async deliverTo(handler, body = {}) {
      const endpoint = await stack.createEndpoint();
      stack.handler = handler;
      const jobId = (await stack.send({ endpointId: endpoint.id, ...body })).jobs[0].id;
      return { endpoint, jobId, job: await stack.closedJob(jobId) };
    },
    async closedJob(id, timeoutMs = 15_000) {
      return waitFor(
        async () => {
          const job = (await api.request('GET', `/v1/jobs/${id}`)).body;
          return job.closedAt !== null && job;
        },
        { timeoutMs, what: `job ${id} to close` },
      );
    },
    async attempts(id) {
      const answer = await api.request('GET', `/v1/webhooks/${id}/attempts`);
      if (answer.status !== 200) throw new Error(`attempts of ${id}: ${answer.status} ${JSON.stringify(answer.body)}`);
      return answer.body.attempts;
    },
    async close() {
      await api.close();
      worker.shutdown();
      await running;
      await client.close();
      await stack.receiver.close();
      await store.close();
      await env.teardown();
    },
  };
  return stack;
}
