// Tells the worker when a job's workflow starts and how it ends, for the job metrics (src/observability/job-sinks.ts).
// Sinks add no history events, and with callDuringReplay false a replay does not count a job twice.
import { proxySinks, type WorkflowInterceptorsFactory, workflowInfo } from '@temporalio/workflow';
import type { JobMetricsSinks } from './shared/job-metrics-sinks';
import { reportedAttempts } from './shared/reported-attempts';
import { ownJobKind } from './shared/search-attributes';
import { outcomeOf } from './shared/workflow-outcome';

const { jobMetrics } = proxySinks<JobMetricsSinks>();

export const interceptors: WorkflowInterceptorsFactory = () => ({
  inbound: [
    {
      execute: async (input, next) => {
        // Workflows without a kind of their own are no jobs (a sequence's steps); the worker leaves out internal ones.
        const kind = ownJobKind(workflowInfo().typedSearchAttributes);
        if (kind === undefined) return next(input);
        jobMetrics.started(kind);
        try {
          const result = await next(input);
          jobMetrics.closed(kind, 'succeeded', reportedAttempts({ result }));
          return result;
        } catch (error) {
          const outcome = outcomeOf(error);
          if (outcome) jobMetrics.closed(kind, outcome, reportedAttempts({ error }));
          throw error;
        }
      },
    },
  ],
});
