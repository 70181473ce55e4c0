import {
  JOB_PHASE,
  JOB_SCHEDULED_FOR,
  SEQUENCE_ID,
  WEBHOOK_ENDPOINT_ID,
} from '../../workflows/shared/search-attributes';
import { EXCLUDE_INTERNAL_WORKFLOWS } from './internal-workflows';
import type { JobStatus } from './job-status';

export interface JobFilters {
  kind?: string;
  status?: JobStatus;
  tag?: string;
  /** A task job's type. */
  taskType?: string;
  /** A webhook job's endpoint. */
  endpointId?: string;
  since?: Date;
  until?: Date;
}

const CLOSED_STATUS: Partial<Record<JobStatus, string>> = {
  succeeded: 'Completed',
  failed: 'Failed',
  cancelled: 'Canceled',
  terminated: 'Terminated',
  timed_out: 'TimedOut',
};

/** The job status of a closed run by its ExecutionStatus in visibility ('Completed', 'TimedOut', …); undefined while it runs. */
export function closedStatusOfVisibility(executionStatus: string): JobStatus | undefined {
  return (Object.keys(CLOSED_STATUS) as JobStatus[]).find((status) => CLOSED_STATUS[status] === executionStatus);
}

/** Statuses of a job that has not closed: all 'Running' to visibility, told apart by JobPhase (or a describe). */
export const OPEN_STATUSES: ReadonlySet<JobStatus> = new Set(['scheduled', 'queued', 'running', 'retrying']);

// Values are validated before they get here (kinds and tags are [A-Za-z0-9:_.-]); quoting is defence in depth.
export const quote = (value: string): string => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/**
 * The clauses every job query starts from: the runs of jobs on one task queue, of one kind or every kind. A
 * sequence's steps are its own (it reports them, a retry of it runs them again): they are no jobs of their own.
 */
export function jobScope(taskQueue: string, kind?: string): string[] {
  return [
    `TaskQueue = ${quote(taskQueue)}`,
    'JobKind IS NOT NULL',
    `${SEQUENCE_ID.name} IS NULL`,
    ...EXCLUDE_INTERNAL_WORKFLOWS,
    ...(kind ? [`JobKind = ${quote(kind)}`] : []),
  ];
}

/**
 * A Temporal visibility query for the runs of the jobs of one task queue that match the filters (a
 * job retried has several; listJobs keeps the latest). No ORDER BY: SQL visibility refuses it; its
 * own order is running jobs first, then the most recently closed. An open status matches by JobPhase, and
 * also matches the runs whose phase a listing must describe to know (openPhaseClause): they are the candidates.
 */
export function jobListQuery(taskQueue: string, f: JobFilters, now: Date): string {
  const clauses = jobScope(taskQueue, f.kind);
  if (f.tag) clauses.push(`JobTags = ${quote(f.tag)}`);
  if (f.taskType) clauses.push(`TaskType = ${quote(f.taskType)}`);
  if (f.endpointId) clauses.push(`${WEBHOOK_ENDPOINT_ID.name} = ${quote(f.endpointId)}`);
  if (f.since) clauses.push(`StartTime >= ${quote(f.since.toISOString())}`);
  if (f.until) clauses.push(`StartTime < ${quote(f.until.toISOString())}`);
  const closed = f.status && CLOSED_STATUS[f.status];
  if (closed) clauses.push(`ExecutionStatus = ${quote(closed)}`);
  else if (f.status === 'scheduled')
    clauses.push(`ExecutionStatus = 'Running'`, `${JOB_SCHEDULED_FOR.name} > ${quote(now.toISOString())}`);
  else if (f.status) clauses.push(`ExecutionStatus = 'Running'`, openPhaseClause(f.status, now));
  return clauses.join(' AND ');
}

const PHASE = JOB_PHASE.name;

/**
 * The open runs whose status only a describe tells (reportedState): no JobPhase (a run from before phases, or of a
 * kind that reports none); `running`, an attempt handed to the workers, which waits in the activity queue (queued)
 * until one starts it (running); and `scheduled` whose time has come, which its workflow is about to move.
 */
export function undecidedPhaseClause(now: Date): string {
  const due = `(${PHASE} = 'scheduled' AND ${JOB_SCHEDULED_FOR.name} <= ${quote(now.toISOString())})`;
  return `(${PHASE} IS NULL OR ${PHASE} = 'running' OR ${due})`;
}

/** The open runs whose JobPhase is this status for sure: queued before a worker has taken them, or retrying. */
export const reportedPhaseClause = (phase: 'queued' | 'retrying'): string => `${PHASE} = ${quote(phase)}`;

/**
 * The open runs that are, or may be, of this status: those whose JobPhase says so, and those whose status takes a
 * describe. A run without a phase may be retrying; one handed to the workers is not (its attempt loop says
 * `retrying` once an attempt has failed).
 */
function openPhaseClause(status: JobStatus, now: Date): string {
  if (status === 'retrying') return `(${reportedPhaseClause('retrying')} OR ${PHASE} IS NULL)`;
  if (status === 'queued') return `(${reportedPhaseClause('queued')} OR ${undecidedPhaseClause(now)})`;
  return undecidedPhaseClause(now);
}
