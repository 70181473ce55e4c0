import { Counter, Histogram, type Registry } from 'prom-client';
import { isInternalWorkflowId } from '../jobs/internal-workflows';
import type { JobStatus } from '../jobs/job-status';
import { findKind } from '../kinds';

/** How a job closed, as the job model names it. */
export type ClosedStatus = Extract<JobStatus, 'succeeded' | 'failed' | 'cancelled' | 'terminated' | 'timed_out'>;

export interface JobMetrics {
  started(kind: string): void;
  closed(kind: string, status: ClosedStatus, durationSeconds: number): void;
  attempts(kind: string, attempts: number): void;
  /** One HTTP attempt at a webhook endpoint: `2xx`…`5xx` by its status code, else `timeout` or `network`. */
  webhookAttempt(statusClass: string): void;
  /** One SMTP send's outcome: `2xx`, `4xx`, `5xx` by the server's reply, else `timeout` or `network`. */
  smtpReply(codeClass: string): void;
}

// From a ping's milliseconds to a day-long retry ladder.
const DURATION_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 4 * 3600, 24 * 3600];
const ATTEMPT_BUCKETS = [1, 2, 3, 4, 5, 7, 10, 15, 20, 30, 50];

/** The job metrics, the same for every kind, on `registry`. */
export function createJobMetrics(registry: Registry): JobMetrics {
  const registers = [registry];
  const started = new Counter({
    name: 'afterward_jobs_started_total',
    help: 'Jobs whose workflow started on this worker, by kind',
    labelNames: ['kind'] as const,
    registers,
  });
  const closed = new Counter({
    name: 'afterward_jobs_closed_total',
    help: 'Jobs closed, by kind and status (terminated: by the API)',
    labelNames: ['kind', 'status'] as const,
    registers,
  });
  const duration = new Histogram({
    name: 'afterward_job_duration_seconds',
    help: 'From a job accepted to closed, by kind',
    labelNames: ['kind'] as const,
    buckets: DURATION_BUCKETS,
    registers,
  });
  const attempts = new Histogram({
    name: 'afterward_job_attempts',
    help: 'Attempts a closed job made at its side effect, by kind',
    labelNames: ['kind'] as const,
    buckets: ATTEMPT_BUCKETS,
    registers,
  });
  const webhookAttempts = new Counter({
    name: 'afterward_webhook_attempts_total',
    help: 'HTTP attempts at webhook endpoints, by status class (2xx…5xx, timeout, network)',
    labelNames: ['status_class'] as const,
    registers,
  });
  const smtpReplies = new Counter({
    name: 'afterward_smtp_replies_total',
    help: 'SMTP sends, by the class of the reply (2xx, 4xx, 5xx; timeout, network: none)',
    labelNames: ['code_class'] as const,
    registers,
  });
  return {
    started: (kind) => started.inc({ kind }),
    closed: (kind, status, seconds) => {
      closed.inc({ kind, status });
      duration.observe({ kind }, Math.max(0, seconds));
    },
    attempts: (kind, n) => attempts.observe({ kind }, n),
    webhookAttempt: (statusClass) => webhookAttempts.inc({ status_class: statusClass }),
    smtpReply: (codeClass) => smtpReplies.inc({ code_class: codeClass }),
  };
}

/** `2xx` for 204: the class of an HTTP status or SMTP reply code. */
export function codeClass(code: number): string {
  return `${Math.floor(code / 100)}xx`;
}

/** Whether a workflow is a job the metrics count: of a kind in the registry, and not one of the internal workflows. */
export function isMeasuredJob(kind: string, workflowId: string): boolean {
  return findKind(kind) !== undefined && !isInternalWorkflowId(workflowId);
}
