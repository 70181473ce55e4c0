import type { SearchAttributePair } from '@temporalio/common';
import { isCancellation, patched, upsertMemo, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { type AttemptLoopRecord, type AttemptLoopState, attemptLoopSummary } from './attempt-loop';
import { type JobError, summariseFailure } from './failure-summary';
import { reportedAttempts } from './reported-attempts';
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

/**
 * The JobPhase a job of a kind that reports its phase starts with: `scheduled` while its first attempt waits for
 * a time to come, else `queued`. Set by every start (API, retry, schedule, fan-out), so it is never missing.
 */
export function startPhaseAttribute(scheduledFor: Date | undefined, now: Date): SearchAttributePair {
  return { key: JOB_PHASE, value: scheduledFor && scheduledFor > now ? 'scheduled' : 'queued' };
}

/**
 * Publishes where the job stands: the JobPhase search attribute (to filter on) and the memo (to show). Each is
 * upserted only when it changes; either rides along with the workflow's next command, adding no workflow task.
 */
export function reportJobPhase(report: JobPhaseMemo & { phase: OpenJobPhase }): void {
  if (!patched(PATCH)) return;
  const info = workflowInfo();
  if (info.typedSearchAttributes.get(JOB_PHASE) !== report.phase)
    upsertSearchAttributes([{ key: JOB_PHASE, value: report.phase }]);
  if (JSON.stringify(info.memo?.[JOB_PHASE_MEMO_KEY]) !== JSON.stringify(report))
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

/**
 * Reports where a job that runs its own attempts stands (webhooks, tasks), with what the job view derives from the
 * same state (attemptLoopSummary): `retrying` once an attempt has failed and another is due, else `running`.
 */
export function reportAttemptLoop(state: AttemptLoopState<AttemptLoopRecord>, transientType: string): void {
  const { attempts, lastError, nextAttemptAt } = attemptLoopSummary(state, transientType);
  reportJobPhase({
    phase: lastError ? 'retrying' : 'running',
    attempts,
    lastError: lastError ?? null,
    nextAttemptAt: nextAttemptAt ?? null,
  });
}

type Outcome<T> = { result: T } | { error: unknown };

/**
 * Runs a job and reports how it closes as the job view derives it from the same outcome: the attempts `attemptsOf`
 * finds (by default those it reports in its result or its failure's first detail: webhooks, tasks) and the failure.
 * A cancellation reports nothing (the job view summarises the client's own account of it), nor does an outcome
 * whose attempts are not known: a listing describes those.
 */
export async function reportingClose<T>(
  run: () => Promise<T>,
  attemptsOf: (outcome: Outcome<T>) => number | undefined = reportedAttempts,
): Promise<T> {
  let outcome: Outcome<T>;
  try {
    outcome = { result: await run() };
  } catch (error) {
    outcome = { error };
  }
  const attempts = 'error' in outcome && isCancellation(outcome.error) ? undefined : attemptsOf(outcome);
  if (attempts !== undefined)
    reportJobClosing({ attempts, lastError: 'error' in outcome ? (summariseFailure(outcome.error) ?? null) : null });
  if ('error' in outcome) throw outcome.error;
  return outcome.result;
}
