import { defineQuery } from '@temporalio/workflow';

/** Where a job that runs its own attempts stands (webhooks, tasks); the job view reads it to tell `retrying` between attempts. */
export interface AttemptLoopState<R> {
  attemptLog: R[];
  /** The attempt under way (1-based), null while none is. */
  attemptInProgress: number | null;
  /** While the job waits between attempts: when the next one is due (ISO 8601); null otherwise. */
  nextAttemptAt: string | null;
}

/** A query only (no commands): adding it changed no history, so it needs no patched(). The name is the webhooks' first. */
export const attemptLoopStateQuery =
  defineQuery<AttemptLoopState<{ attempt: number; outcome: string; statusCode?: number; error?: string }>>(
    'deliveryState',
  );
