// The API with task types allowed under two origins, its SQLite store, and a worker that records the
// audit events control actions send; keys with and without tasks:admin.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createAuditActivities } from '../../activities/audit-log';
import { loadConfig } from '../../src/config';
import type { AppDeps } from '../../src/http/app';
import { hashApiKey, newApiKey } from '../../src/security/api-keys';
import type { Grant } from '../../src/security/scopes';
import { type TestApi, startTestApi } from './api';
import { type TestStore, openTestStore } from './audit-stack';
import { connectTestEnv, createTestWorker, uniqueTaskQueue } from './temporal';
import { waitFor } from './wait-for';

export const APP_ORIGIN = 'http://127.0.0.1:8000';
export const TASKS = loadConfig({ TASK_ALLOWED_ORIGINS: `${APP_ORIGIN},https://app.example.com` }).tasks;

const KEYS = { admin: newApiKey(), other: newApiKey() };
/** `other` holds every other task scope, and still may not manage task types. */
const GRANTS: Record<keyof typeof KEYS, Grant[]> = {
  admin: ['tasks:admin'],
  other: ['tasks:write', 'tasks:complete', 'jobs:admin', 'webhooks:admin'],
};

export interface TaskTypesStack {
  env: TestWorkflowEnvironment;
  taskQueue: string;
  store: TestStore;
  api: TestApi;
  /** A request with the key named `as` (default admin). */
  request(method: string, path: string, body?: unknown, as?: keyof typeof KEYS): ReturnType<TestApi['request']>;
  /** The audit events of `resource`, once there are `count`. */
  auditEvents(resource: string, count: number): Promise<{ action: string; actor: string; detail?: unknown }[]>;
  close(): Promise<void>;
}

export async function startTaskTypesStack(name: string, overrides: Partial<AppDeps> = {}): Promise<TaskTypesStack> {
  const env = await connectTestEnv();
  const taskQueue = uniqueTaskQueue(name);
  const store = await openTestStore('SQLite');
  const worker: Worker = await createTestWorker(env, {
    taskQueue,
    activities: createAuditActivities({ store: store.audit }),
  });
  const running = worker.run();
  const keys = Object.entries(KEYS).map(([key, secret]) => ({
    name: key,
    scopes: GRANTS[key as keyof typeof KEYS],
    sha256: hashApiKey(secret),
  }));
  const api = await startTestApi(env.client, taskQueue, {
    store,
    tasks: TASKS,
    auth: { disabled: false, keys, rateLimit: { perSecond: 100_000, burst: 100_000 } },
    ...overrides,
  });
  return {
    env,
    taskQueue,
    store,
    api,
    request: (method, path, body, as = 'admin') =>
      api.request(method, path, body, { authorization: `Bearer ${KEYS[as]}` }),
    async auditEvents(resource, count) {
      return waitFor(
        async () => {
          const { events } = await store.audit.list({ resource });
          return events.length >= count && events;
        },
        { what: `${count} audit events of ${resource}`, timeoutMs: 20_000 },
      );
    },
    async close() {
      await api.close();
      worker.shutdown();
      await running;
      await store.close();
      await env.teardown();
    },
  };
}
