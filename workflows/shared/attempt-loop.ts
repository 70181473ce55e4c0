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

/**
 * Attempts, last error and next attempt of a loop, as GET /v1/jobs/:id shows them: derived in one place for the job
 * view (from the query) and for the workflow that reports them to visibility (job-phase.ts), so both say the same.
 * The last attempt's failure is of `transientType`, its status code as `code`.
 */
export function attemptLoopSummary(
  state: AttemptLoopState<AttemptLoopRecord>,
  transientType: string,
): AttemptLoopSummary {
  const last = state.attemptLog.at(-1);
  return {
    attempts: state.attemptLog.length + (state.attemptInProgress === null ? 0 : 1),
    ...(last?.outcome === 'retry' ? { lastError: attemptError(last, transientType) } : {}),
    ...(state.nextAttemptAt ? { nextAttemptAt: state.nextAttemptAt } : {}),
  };
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
