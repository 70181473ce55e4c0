import { defineQuery } from '@temporalio/workflow';
import type { JobError } from './failure-summary';

/** Where a job that runs its own attempts stands (webhooks, tasks); the job view reads it to tell `retrying` between attempts. */
export interface AttemptLoopState<R> {
  attemptLog: R[];
  /** The attempt under way (1-based), null while none is. */
  attemptInProgress: number | null;
  /** While the job waits between attempts: when the next one is due (ISO 8601); null otherwise. */
  nextAttemptAt: string | null;
}

/** What every attempt record holds, whatever the kind adds. */
export type AttemptLoopRecord = { attempt: number; outcome: string; statusCode?: number; error?: string };

/** A query only (no commands): adding it changed no history, so it needs no patched(). The name is the webhooks' first. */
export const attemptLoopStateQuery = defineQuery<AttemptLoopState<AttemptLoopRecord>>('deliveryState');

/** What the job view and a listing show of an attempt loop. */
export interface AttemptLoopSummary {
  /** Made so far, counting one under way. */
  attempts: number;
  /** The last attempt's failure, while another is due. */
  lastError?: JobError;
  nextAttemptAt?: string;
}

/** How a kind tells the failure of its last attempt from the record, undefined when that attempt did not fail. */
export type LastAttemptError<R> = (last: R) => JobError | undefined;

/**
 * Attempts, last error and next attempt of a loop, as GET /v1/jobs/:id shows them: derived in one place for the job
 * view (from the query) and for the workflow that reports them to visibility (job-phase.ts), so both say the same.
 */
export function attemptLoopSummary<R extends AttemptLoopRecord>(
  state: AttemptLoopState<R>,
  lastErrorOf: LastAttemptError<R>,
): AttemptLoopSummary {
  const last = state.attemptLog.at(-1);
  const lastError = last && lastErrorOf(last);
  return {
    attempts: state.attemptLog.length + (state.attemptInProgress === null ? 0 : 1),
    ...(lastError ? { lastError } : {}),
    ...(state.nextAttemptAt ? { nextAttemptAt: state.nextAttemptAt } : {}),
  };
}

/** The last error of a loop whose records hold a status code and an error (webhooks, tasks): of `type`, the code as `code`. */
export function transientAttemptError(type: string): LastAttemptError<AttemptLoopRecord> {
  return (last) => (last.outcome === 'retry' ? attemptError(last, type) : undefined);
}

function attemptError(record: AttemptLoopRecord, type: string): JobError {
  const what =
    [record.statusCode === undefined ? undefined : `HTTP ${record.statusCode}`, record.error]
      .filter(Boolean)
      .join(', ') || record.outcome;
  return {
    message: `Attempt ${record.attempt} failed: ${what}`,
    type,
    ...(record.statusCode !== undefined ? { code: record.statusCode } : {}),
    nonRetryable: false,
  };
}
