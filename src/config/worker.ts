import { z } from 'zod';
import { duration } from './duration';
import type { Env } from './read-env';
import { count, perSecond, positiveInt } from './values';

/** Prometheus' registered port for Temporal SDK metrics, on loopback: expose it on purpose (`0.0.0.0:9464` in containers). */
export const DEFAULT_WORKER_METRICS_ADDRESS = '127.0.0.1:9464';

export const workerVariables = {
  WORKER_MAX_CONCURRENT_ACTIVITIES: positiveInt
    .default(100)
    .describe('activity slots per worker process, on each task queue it polls (the task queue, and each kind queue)'),
  WORKER_TASK_QUEUE_ACTIVITIES_PER_SECOND: perSecond
    .optional()
    .describe(
      'a ceiling on activities started per second across all workers of the task queue (enforced by the Temporal server); activities on a kind queue do not count',
    ),
  WORKER_MAX_CACHED_WORKFLOWS: count.default(1000).describe("workflows kept in a worker's memory between tasks"),
  WORKER_SHUTDOWN_GRACE: duration({ default: '30s', alias: 'WORKER_SHUTDOWN_GRACE_MS' }).describe(
    'how long a stopping worker lets in-flight activities finish',
  ),
  WORKER_METRICS_ADDRESS: z
    .string()
    .regex(/^(off|[^:\s]+:\d{1,5})$/, 'must be host:port, e.g. 127.0.0.1:9464, or off')
    .default(DEFAULT_WORKER_METRICS_ADDRESS)
    .describe(
      "`host:port` where the worker serves the Temporal SDK's Prometheus metrics (`/metrics`: task slots, latencies, polls); `off`: not served",
    ),
};

export const readWorker = (e: Env<typeof workerVariables>) => ({
  worker: {
    maxConcurrentActivities: e.WORKER_MAX_CONCURRENT_ACTIVITIES,
    taskQueueActivitiesPerSecond: e.WORKER_TASK_QUEUE_ACTIVITIES_PER_SECOND,
    maxCachedWorkflows: e.WORKER_MAX_CACHED_WORKFLOWS,
    shutdownGraceMs: e.WORKER_SHUTDOWN_GRACE,
    metricsAddress: e.WORKER_METRICS_ADDRESS === 'off' ? undefined : e.WORKER_METRICS_ADDRESS,
  },
});
