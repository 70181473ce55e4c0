import type { Client } from '@temporalio/client';
import {
  type AttemptLoopRecord,
  type AttemptLoopState,
  attemptLoopStateQuery,
  attemptLoopSummary,
} from '../../workflows/shared/attempt-loop';
import type { OwnAttempts } from '../kinds/kind';

/** How long a job view waits for a worker to answer the attempt-loop query before doing without it. */
export const ATTEMPT_LOOP_QUERY_TIMEOUT_MS = 3_000;

/**
 * Where a running job that runs its own attempts stands (attempt log, attempt under way, next attempt due),
 * from the workflow's query. A query needs a worker: with none answering within the timeout (or a worker
 * older than the query), undefined.
 */
export async function attemptLoopState<R = AttemptLoopRecord>(
  client: Client,
  jobId: string,
  timeoutMs = ATTEMPT_LOOP_QUERY_TIMEOUT_MS,
): Promise<AttemptLoopState<R> | undefined> {
  try {
    return (await client.withDeadline(Date.now() + timeoutMs, () =>
      client.workflow.getHandle(jobId).query(attemptLoopStateQuery),
    )) as AttemptLoopState<R>;
  } catch {
    return undefined;
  }
}

/**
 * The job view's hook for a kind that runs its own attempts: made so far, the last one's failure (of
 * `transientType`, its status code as `code`) while another is due, and the log itself.
 */
export function ownAttemptsOf(transientType: string) {
  return async (client: Client, jobId: string): Promise<OwnAttempts | undefined> => {
    const state = await attemptLoopState<AttemptLoopRecord>(client, jobId);
    if (!state) return undefined;
    return { ...attemptLoopSummary(state, transientType), attemptLog: state.attemptLog };
  };
}
