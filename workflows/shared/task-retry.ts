import type { TaskRunSettings } from '../../activities/tasks/task-attempt';

/**
 * The wait after failed attempt `attempt` (1-based): Temporal's exponential backoff (no jitter, as Temporal's
 * own retries), capped at maximumInterval, and never shorter than the app's Retry-After.
 */
export function taskRetryDelayMs(attempt: number, retry: TaskRunSettings['retry'], retryAfterMs = 0): number {
  const backoff = Math.min(
    retry.initialIntervalMs * retry.backoffCoefficient ** (attempt - 1),
    retry.maximumIntervalMs,
  );
  return Math.max(backoff, retryAfterMs);
}
