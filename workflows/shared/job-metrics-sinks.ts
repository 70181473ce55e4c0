import type { Sinks } from '@temporalio/workflow';

/** How a job's workflow ended, as the job model names it (src/jobs/job-status.ts); the worker sees only these three. */
export type WorkflowOutcome = 'succeeded' | 'failed' | 'cancelled';

/**
 * What the job metrics interceptor (workflows/job-metrics-interceptors.ts) tells the worker, through Temporal sinks:
 * they add nothing to a workflow's history. `kind` is the workflow's JobKind search attribute.
 */
export interface JobMetricsSinks extends Sinks {
  jobMetrics: {
    started(kind: string): void;
    /** `attempts`: what the job reported (its result's or failure's `attempts`), if it counts its own. */
    closed(kind: string, outcome: WorkflowOutcome, attempts: number | undefined): void;
  };
}
