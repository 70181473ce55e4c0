import { z } from 'zod';
import { checkTaskUrl } from '../../activities/tasks';
import { TASK_TYPE_NAME, type TaskTypeSettings } from '../../activities/tasks';
import type { TaskConfig } from '../config';
import { parseDelay } from '../jobs/send-time';

const SECOND = 1000;
const DAY = 86_400_000;

/** A synchronous call should answer within a minute; longer work answers 202 and completes later. */
const DEFAULT_TIMEOUT = '1m';
// Five attempts 10s, 20s, 40s, 80s apart: about 2.5 min of retrying covers a deploy or a short outage
// of the app, and a real bug reaches the dead letters within minutes, where it can be replayed.
const DEFAULT_MAX_ATTEMPTS = 5;
const DEFAULT_INITIAL_INTERVAL = '10s';
const DEFAULT_BACKOFF_COEFFICIENT = 2;
/** Caps the wait between attempts when maxAttempts is raised: an app back after an outage is called again within 10 min. */
const DEFAULT_MAXIMUM_INTERVAL = '10m';

/** A duration as text ("30s", "5m", "1h", "PT5M") within [min, max], to whole milliseconds. */
export const duration = (min: number, max: number, range: string) =>
  z.string().transform((text, ctx) => {
    const ms = parseDelay(text);
    const problem =
      ms === undefined
        ? 'must be a duration like "30s", "5m", "1h" or "PT5M"'
        : !Number.isInteger(ms)
          ? 'must be a whole number of milliseconds'
          : ms < min || ms > max
            ? `must be ${range}`
            : undefined;
    if (problem === undefined) return ms!;
    ctx.addIssue({ code: 'custom', message: problem });
    return z.NEVER;
  });

export const taskTypeName = z
  .string()
  .regex(TASK_TYPE_NAME, 'must be 1-64 letters, digits, ".", "_" or "-", starting with a letter');

const taskUrl = (tasks: Pick<TaskConfig, 'allowedOrigins' | 'allowList'>) =>
  z
    .string()
    .max(2048)
    .superRefine((url, ctx) => {
      const refusal = checkTaskUrl(url, tasks.allowedOrigins, tasks.allowList);
      if (refusal) ctx.addIssue({ code: 'custom', message: refusal });
    });

const interval = duration(1, DAY, 'more than 0 and at most 24h');

const retrySchema = z.strictObject({
  maxAttempts: z.number().int().min(1).max(100).default(DEFAULT_MAX_ATTEMPTS),
  initialInterval: interval.prefault(DEFAULT_INITIAL_INTERVAL),
  backoffCoefficient: z.number().min(1).max(10).default(DEFAULT_BACKOFF_COEFFICIENT),
  maximumInterval: interval.prefault(DEFAULT_MAXIMUM_INTERVAL),
});

/** A task type as POST /v1/task-types and the task types file take it; PATCH validates the merged result with it too. */
export function taskTypeRequestSchema(tasks: Pick<TaskConfig, 'allowedOrigins' | 'allowList'>) {
  return z
    .strictObject({
      name: taskTypeName,
      url: taskUrl(tasks),
      timeout: duration(SECOND, DAY, 'from 1s to 24h').prefault(DEFAULT_TIMEOUT),
      retry: retrySchema.prefault({}),
      heartbeatTimeout: duration(SECOND, DAY, 'from 1s to 24h').optional(),
      ratePerSecond: z.number().positive().optional(),
      concurrency: z.number().int().min(1).max(1000).optional(),
      description: z.string().max(500).optional(),
    })
    .superRefine((v, ctx) => {
      if (v.heartbeatTimeout !== undefined && v.heartbeatTimeout > v.timeout)
        ctx.addIssue({ code: 'custom', path: ['heartbeatTimeout'], message: 'must be at most the timeout' });
      if (v.retry.initialInterval > v.retry.maximumInterval)
        ctx.addIssue({
          code: 'custom',
          path: ['retry', 'maximumInterval'],
          message: 'must be at least the initialInterval',
        });
    })
    .transform(({ name, timeout, retry, heartbeatTimeout, ...rest }): { name: string; settings: TaskTypeSettings } => ({
      name,
      settings: {
        ...rest,
        timeoutMs: timeout,
        retry: {
          maxAttempts: retry.maxAttempts,
          initialIntervalMs: retry.initialInterval,
          backoffCoefficient: retry.backoffCoefficient,
          maximumIntervalMs: retry.maximumInterval,
        },
        ...(heartbeatTimeout === undefined ? {} : { heartbeatTimeoutMs: heartbeatTimeout }),
      },
    }));
}

export type TaskTypeRequest = z.infer<ReturnType<typeof taskTypeRequestSchema>>;
