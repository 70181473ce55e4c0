import type { Client } from '@temporalio/client';
import type { InjectedSinks } from '@temporalio/worker';
import type { JobMetricsSinks } from '../../workflows/shared/job-metrics-sinks';
import { historyAttempts } from '../jobs/history-attempts';
import { findKind } from '../kinds';
import type { Logger } from '../logger';
import { isMeasuredJob, type JobMetrics } from './job-metrics';

/** History reads for attempt counts in flight at once; beyond it a job's attempts go unobserved (a burst of closes). */
const MAX_ATTEMPT_READS = 32;

export interface JobSinksDeps {
  metrics: JobMetrics;
  /** Reads the history of a closed job that does not count its own attempts (they are its activities' retries). */
  client: Client;
  logger?: Logger;
}

/**
 * The worker's end of the job metrics interceptor: counts the jobs of the registry's kinds (internal workflows are
 * none), and observes their duration and attempts. Attempts: what a job that counts its own reports (webhooks,
 * tasks); else, for a kind with attempt activities (Temporal retries them), the attempt numbers its history
 * records, as GET /v1/jobs/:id counts them; a kind with neither (a sequence) observes none.
 */
export function createJobSinks({ metrics, client, logger }: JobSinksDeps): InjectedSinks<JobMetricsSinks> {
  let reads = 0;
  const readAttempts = (kind: string, workflowId: string, runId: string, activities: readonly string[]): void => {
    if (reads >= MAX_ATTEMPT_READS) return void logger?.debug({ workflowId }, 'attempts not observed: too many reads');
    reads++;
    historyAttempts(client, workflowId, runId, activities)
      .then((n) => metrics.attempts(kind, n))
      .catch((err: unknown) => logger?.debug({ err, workflowId }, 'attempts not observed: history unreadable'))
      .finally(() => reads--);
  };
  return {
    jobMetrics: {
      started: {
        fn: (info, kind) => {
          if (isMeasuredJob(kind, info.workflowId)) metrics.started(kind);
        },
        callDuringReplay: false,
      },
      closed: {
        fn: (info, kind, outcome, attempts) => {
          if (!isMeasuredJob(kind, info.workflowId)) return;
          metrics.closed(kind, outcome, (Date.now() - info.startTime.getTime()) / 1000);
          const activities = findKind(kind)!.attemptActivities;
          if (attempts !== undefined) metrics.attempts(kind, attempts);
          // Not awaited: the sink runs in the worker's activation loop.
          else if (activities.length > 0) readAttempts(kind, info.workflowId, info.runId, activities);
        },
        callDuringReplay: false,
      },
    },
  };
}
