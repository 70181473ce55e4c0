import { after, before } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { AppDeps } from '../../src/http/app';
import { type TestApi, startTestApi } from './api';
import { connectTestEnv, uniqueTaskQueue } from './temporal';

export interface ApiEnv {
  taskQueue: string;
  /** Set by the before hook: read it inside tests and later hooks. */
  env: TestWorkflowEnvironment;
  /** Set by the before hook: read it inside tests and later hooks. */
  api: TestApi;
}

/**
 * Registers before/after hooks on the enclosing describe: the run's dev server and the real API on a
 * task queue of its own (`name` plus a random suffix), both closed after the suite.
 */
export function useApiEnv(name: string, overrides: Partial<AppDeps> = {}): ApiEnv {
  const context = { taskQueue: uniqueTaskQueue(name) } as ApiEnv;
  before(async () => {
    context.env = await connectTestEnv();
    context.api = await startTestApi(context.env.client, context.taskQueue, overrides);
  });
  after(async () => {
    await context.api.close();
    await context.env.teardown();
  });
  return context;
}
