import { patched, upsertMemo, upsertSearchAttributes } from '@temporalio/workflow';
import type { JobError } from './failure-summary';
import { JOB_PHASE } from './search-attributes';

/** The job statuses (src/jobs/job-status.ts) of a job that has not closed: visibility tells closed ones apart by ExecutionStatus. */
export type OpenJobPhase = 'scheduled' | 'queued' | 'running' | 'retrying';

/** What a listing shows of a job without describing it: the same fields GET /v1/jobs/:id derives. */
export interface JobPhaseMemo {
  /** Absent once the job has closed (its ExecutionStatus says how). */
  phase?: OpenJobPhase;
  attempts: number;
  lastError: JobError | null;
  /** While retrying and waiting for the next attempt: when it is due (ISO 8601). */
  nextAttemptAt: string | null;
}

export const JOB_PHASE_MEMO_KEY = 'jobPhase';

// Runs from before phases were reported replay without these commands.
const PATCH = 'job-phase-in-visibility';

/** Publishes where the job stands: the JobPhase search attribute (to filter on) and the memo (to show). */
export function reportJobPhase(report: JobPhaseMemo & { phase: OpenJobPhase }): void {
  if (!patched(PATCH)) return;
  upsertSearchAttributes([{ key: JOB_PHASE, value: report.phase }]);
  upsertMemo({ [JOB_PHASE_MEMO_KEY]: report });
}

/**
 * Publishes the attempts and last error a job closes with, in the same workflow task as its completion (no
 * extra round trip). The search attribute is left as it was: a closed job's status is its ExecutionStatus.
 */
export function reportJobClosing(report: Omit<JobPhaseMemo, 'phase' | 'nextAttemptAt'>): void {
  if (!patched(PATCH)) return;
  upsertMemo({ [JOB_PHASE_MEMO_KEY]: { ...report, nextAttemptAt: null } });
}
