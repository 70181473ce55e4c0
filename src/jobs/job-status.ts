import type { WorkflowExecutionStatusName } from '@temporalio/client';

export const JOB_STATUSES = [
  'scheduled',
  'queued',
  'running',
  'retrying',
  'succeeded',
  'failed',
  'cancelled',
  'timed_out',
  'terminated',
] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export interface PendingActivityState {
  started: boolean;
  attempt: number;
  hasFailed: boolean;
}

export interface StatusFacts {
  workflowStatus: WorkflowExecutionStatusName;
  /** True until a worker has completed the first workflow task. */
  notYetPickedUp: boolean;
  pendingActivities: PendingActivityState[];
  scheduledFor?: Date;
  /**
   * A job that runs its own attempt loop (webhooks: one activity per attempt, a durable sleep between
   * them) and whose last attempt failed while another is due. Between its attempts no activity is pending.
   */
  ownAttemptFailed?: boolean;
  now: Date;
}

const CLOSED: Partial<Record<WorkflowExecutionStatusName, JobStatus>> = {
  COMPLETED: 'succeeded',
  FAILED: 'failed',
  CANCELLED: 'cancelled',
  TERMINATED: 'terminated',
  TIMED_OUT: 'timed_out',
};

/** The job status of a closed execution; undefined while it runs. */
export function closedJobStatus(workflowStatus: WorkflowExecutionStatusName): JobStatus | undefined {
  return CLOSED[workflowStatus];
}

/** One status for every job kind, derived from what Temporal reports about the execution. */
export function jobStatus(f: StatusFacts): JobStatus {
  const closed = closedJobStatus(f.workflowStatus);
  if (closed) return closed;
  if (f.pendingActivities.some((a) => a.hasFailed || a.attempt > 1)) return 'retrying';
  if (f.ownAttemptFailed) return 'retrying';
  if (f.pendingActivities.some((a) => a.started)) return 'running';
  if (f.scheduledFor && f.scheduledFor > f.now) return 'scheduled';
  if (f.notYetPickedUp || f.pendingActivities.length > 0) return 'queued';
  return 'running';
}
