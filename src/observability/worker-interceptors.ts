import type { WorkerInterceptors } from '@temporalio/worker';
import { activityMetrics } from './activity-metrics';
import type { JobMetrics } from './job-metrics';
import { REQUEST_ID_INTERCEPTORS } from './request-id';

/**
 * Every workflow interceptor module the worker runs: the request id in logs, and the job metrics. A workflow bundle
 * built ahead of time must be built with them (bundleWorkflowCode's workflowInterceptorModules).
 */
export const WORKFLOW_INTERCEPTOR_MODULES: readonly string[] = [
  ...REQUEST_ID_INTERCEPTORS.workflowModules!,
  require.resolve('../../workflows/job-metrics-interceptors'),
];

/** The worker's interceptors; every activity-only worker (kind queues, task types) takes their `activity`. */
export function workerInterceptors(metrics: JobMetrics): WorkerInterceptors {
  return {
    workflowModules: [...WORKFLOW_INTERCEPTOR_MODULES],
    activity: [...REQUEST_ID_INTERCEPTORS.activity!, activityMetrics(metrics)],
  };
}
