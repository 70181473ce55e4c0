// Shared set-up for callTask tests: the task HTTP client, an in-memory task type store, signing secrets,
// and the activity run through MockActivityEnvironment (or directly, without a Context).
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { type CallTaskInput, type CallTaskResult, createTaskCallActivities } from '../../../activities/tasks/call-task';
import { createTaskHttpClient } from '../../../activities/tasks/task-http-client';
import { withOriginAddresses } from '../../../activities/tasks/task-origins';
import type { TaskType, TaskTypeSettings } from '../../../activities/tasks/task-type';
import { generateSecret } from '../../../activities/webhooks/signature';
import { type AllowList, EMPTY_ALLOW_LIST } from '../../../activities/webhooks/ssrf-policy';

export const OCCURRED_AT = '2027-03-15T13:00:00.000Z';
export const JOB_ID = 'task-01J0TEST';

export interface TaskFixtureOptions {
  /** TASK_ALLOWED_ORIGINS. */
  origins: string[];
  /** TASK_ALLOW_LIST; the origins given as addresses are added as config.ts does. */
  allowList?: AllowList;
}

export function createTaskFixture({ origins, allowList = EMPTY_ALLOW_LIST }: TaskFixtureOptions) {
  const secrets = [generateSecret()];
  const types = new Map<string, TaskType>();
  const client = createTaskHttpClient({ allowList: withOriginAddresses(allowList, origins), connectTimeoutMs: 1_000 });
  const { callTask } = createTaskCallActivities({
    client,
    types: { get: async (name) => types.get(name) },
    secrets: async () => [...secrets],
    allowedOrigins: origins,
  });
  const env = new MockActivityEnvironment({}, { logger: new DefaultLogger('ERROR') });

  return {
    secrets,
    client,
    env,
    types,
    callTask,
    /** Stores a type for `url` (as the store would return it, whatever it holds) and answers its name. */
    addType(name: string, url: string, settings: Partial<TaskTypeSettings> = {}): string {
      const retry = { maxAttempts: 3, initialIntervalMs: 1_000, backoffCoefficient: 2, maximumIntervalMs: 60_000 };
      types.set(name, {
        name,
        url,
        timeoutMs: 5_000,
        retry,
        createdAt: OCCURRED_AT,
        updatedAt: OCCURRED_AT,
        ...settings,
      });
      return name;
    },
    input(type: string, overrides: Partial<CallTaskInput> = {}): CallTaskInput {
      return {
        jobId: JOB_ID,
        type,
        payload: { report: 'r_1', rows: 3 },
        attempt: 1,
        occurredAt: OCCURRED_AT,
        ...overrides,
      };
    },
    /** In a (mock) activity Context: heartbeats and cancellation. */
    call(input: CallTaskInput): Promise<CallTaskResult> {
      return env.run<[CallTaskInput], CallTaskResult, typeof callTask>(callTask, input);
    },
    close: () => client.close(),
  };
}
