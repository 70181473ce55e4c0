import { randomUUID } from 'node:crypto';
import { Client } from '@temporalio/client';
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker, type InjectedSinks, type WorkerOptions } from '@temporalio/worker';
import { bundleWorkflows } from '../../src/temporal/workflow-code';
import type { JobMetricsSinks } from '../../workflows/shared/job-metrics-sinks';
import type { JobEventActivities } from '../../workflows/shared/job-events';
import { JOB_SEARCH_ATTRIBUTES } from '../../workflows/shared/search-attributes';
import { testEnv } from './test-env';

// Activity failures are expected in these tests; the SDK would log each one as a warning.
Runtime.install({ logger: new DefaultLogger(process.env.TEST_LOG_LEVEL === 'debug' ? 'DEBUG' : 'ERROR') });

/** The workflow bundle the worker runs from the sources, built once per test process. */
export const workflowBundle = bundleWorkflows;

/** The run's shared dev server, wrapped by the SDK's test environment. */
export async function connectTestEnv(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createFromExistingServer({
    address: testEnv('AFTERWARD_TEST_TEMPORAL_ADDRESS'),
    namespace: 'default',
  });
}

/**
 * A time-skipping test server of the caller's own (one JVM, started in seconds): skipping time there moves
 * no other test's clock. Its clock starts at the real time and runs ahead by every skip.
 */
export async function startTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const env = await startTimeSkippingServer();
  // The test server has no ListSearchAttributes (which ensureSearchAttributes asks first), but adds them.
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(
      JOB_SEARCH_ATTRIBUTES.map((key) => [key.name, encodeSearchAttributeIndexedValueType(key.type)!]),
    ),
  });
  // The SDK's time-skipping client unlocks skipping while it awaits a result, and the API reads the results of
  // closed jobs: the clock would run off to the server's next timer (years ahead). Time moves by env.sleep only.
  Object.defineProperty(env, 'client', {
    value: new Client({ connection: env.connection, namespace: env.namespace ?? 'default' }),
  });
  return env;
}

/**
 * The SDK gives the server's JVM 5 s to listen, which a loaded 2-core machine can miss: a few tries, each a fresh
 * JVM on a fresh port, before the test fails.
 */
async function startTimeSkippingServer(tries = 3): Promise<TestWorkflowEnvironment> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await TestWorkflowEnvironment.createTimeSkipping({
        server: { executable: { type: 'existing-path', path: testEnv('AFTERWARD_TEST_TIME_SKIPPING_SERVER') } },
      });
    } catch (err) {
      if (attempt >= tries || !/did not start within/.test(String(err))) throw err;
    }
  }
}

/** A task queue nobody else uses, so tests in parallel never pick up each other's work. */
export function uniqueTaskQueue(name: string): string {
  return `test-${name}-${randomUUID().slice(0, 8)}`;
}

/** The job metrics interceptor's sinks, for test workers that serve no metrics (startWorker has the real ones). */
export const IGNORED_JOB_METRICS: InjectedSinks<JobMetricsSinks> = {
  jobMetrics: { started: { fn: () => undefined }, closed: { fn: () => undefined } },
};

/**
 * For test workers without a store: no endpoint subscribes to job events, so a closing job starts no publisher
 * (test/helpers/webhook-stack.ts registers the real job event activities, on a real store).
 */
const NO_JOB_EVENT_SUBSCRIBERS: Pick<JobEventActivities, 'jobEventWanted'> = { jobEventWanted: async () => false };

export async function createTestWorker(
  env: TestWorkflowEnvironment,
  options: Omit<WorkerOptions, 'connection' | 'workflowBundle' | 'workflowsPath'>,
): Promise<Worker> {
  return Worker.create({
    connection: env.nativeConnection,
    namespace: 'default',
    workflowBundle: await workflowBundle(),
    shutdownGraceTime: '2s',
    sinks: IGNORED_JOB_METRICS,
    ...options,
    activities: { ...NO_JOB_EVENT_SUBSCRIBERS, ...options.activities },
  });
}
