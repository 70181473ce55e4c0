// API → dev server → runTask → callTask over HTTP to a real app on 127.0.0.1: the real startWorker (with its
// task-type workers), the real API, a real SQLite store. The app's origin is the only one allowed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { generateSecret } from '../../activities/webhooks/signature';
import { type Config, loadConfig } from '../../src/config';
import { type StartedWorker, startWorker } from '../../src/worker';
import { type Handler, type Receiver, reply, startReceiver } from '../activities/webhooks/receiver';
import { type TestApi, startTestApi } from './api';
import { openTestStore, type TestStore } from './audit-stack';
import { connectTestEnv, uniqueTaskQueue, workflowBundle } from './temporal';
import { testEnv } from './test-env';
import { waitFor } from './wait-for';

export interface TaskStack {
  client: Client;
  api: TestApi;
  store: TestStore;
  /** The user's app: answers every task call with `handlers[<path>]`, or 404. */
  app: Receiver;
  handlers: Record<string, Handler>;
  config: Readonly<Config>;
  /** The secret the app verifies calls with. */
  secret: string;
  taskQueue: string;
  worker(): StartedWorker;
  /** Registers a task type served at `/<name>` on the app; durations as text, as the API takes them. */
  register(name: string, handler: Handler, settings?: Record<string, unknown>): Promise<any>;
  /** Enqueues a task and returns the 202 body. */
  enqueue(type: string, body?: Record<string, unknown>, headers?: Record<string, string>): Promise<any>;
  job(id: string): Promise<any>;
  closedJob(id: string, timeoutMs?: number): Promise<any>;
  /** Stops the worker (drained, or killed: no grace) and starts a new one. */
  restartWorker(): Promise<void>;
  close(): Promise<void>;
}

export async function startTaskStack(name: string, env: Record<string, string> = {}): Promise<TaskStack> {
  const temporalEnv = await connectTestEnv();
  const taskQueue = uniqueTaskQueue(name);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'afterward-tasks-'));
  const store = await openTestStore('SQLite');
  const handlers: Record<string, Handler> = {};
  const app = await startReceiver((request, response) => (handlers[request.path] ?? reply(404))(request, response));
  const secret = generateSecret();
  const config = loadConfig({
    AFTERWARD_DATA_DIR: dataDir,
    TEMPORAL_TASK_QUEUE: taskQueue,
    TASK_ALLOWED_ORIGINS: app.origin,
    TASK_SIGNING_SECRET: secret,
    TASK_TYPES_REFRESH_MS: '500',
    WORKER_SHUTDOWN_GRACE_MS: '1000',
    ...env,
  });
  const start = async () =>
    // The test run's cached bundle instead of bundling the same workflows again.
    startWorker(
      config,
      { address: testEnv('AFTERWARD_TEST_TEMPORAL_ADDRESS'), smtpUrl: 'smtp://127.0.0.1:1', store },
      { workflowsPath: undefined, workflowBundle: await workflowBundle() },
    );
  let worker = await start();
  const api = await startTestApi(temporalEnv.client, taskQueue, { store, tasks: config.tasks });
  const stack: TaskStack = {
    client: temporalEnv.client,
    api,
    store,
    app,
    handlers,
    config,
    secret,
    taskQueue,
    worker: () => worker,
    async register(type, handler, settings = {}) {
      handlers[`/${type}`] = handler;
      const created = await api.request('POST', '/v1/task-types', {
        name: type,
        url: `${app.origin}/${type}`,
        ...settings,
      });
      if (created.status !== 201)
        throw new Error(`task type refused: ${created.status} ${JSON.stringify(created.body)}`);
      return created.body;
    },
    async enqueue(type, body = {}, headers = {}) {
      const accepted = await api.request('POST', `/v1/tasks/${type}`, body, headers);
      if (accepted.status !== 202) throw new Error(`task refused: ${accepted.status} ${JSON.stringify(accepted.body)}`);
      return accepted.body;
    },
    job: async (id) => (await api.request('GET', `/v1/jobs/${id}`)).body,
    closedJob: (id, timeoutMs = 20_000) =>
      waitFor(
        async () => {
          const job = await stack.job(id);
          return job.closedAt !== null && job;
        },
        { timeoutMs, what: `job ${id} to close` },
      ),
    async restartWorker() {
      await worker.close();
      worker = await start();
    },
    async close() {
      await api.close();
      await worker.close();
      await app.close();
      await store.close();
      await temporalEnv.teardown();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return stack;
}
