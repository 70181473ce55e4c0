import type { WorkerInterceptors } from '@temporalio/worker';
import { activityMetrics } from './activity-metrics';
import type { JobMetrics } from './job-metrics';
import { REQUEST_ID_INTERCEPTORS } from './request-id';

/**
 * The worker's activity interceptors, which every activity-only worker (kind queues, task types) takes too; the
 * workflow interceptors are bundled with the workflows (src/temporal/workflow-code.ts).
 */
export function workerInterceptors(metrics: JobMetrics): WorkerInterceptors {
  return {
    activity: [...REQUEST_ID_INTERCEPTORS.activity!, activityMetrics(metrics)],
  };
}
