/** Versioned so that an incompatible worker release can drain the old queue while a new one fills. */
export const DEFAULT_TASK_QUEUE = 'afterward-v1';

/**
 * Kinds whose side effects can be rate-limited across all workers. Temporal limits activities per task
 * queue, so each of these kinds has an activity task queue of its own, next to the main one.
 */
export const RATE_LIMITED_KINDS = ['email', 'webhook'] as const;
export type RateLimitedKind = (typeof RATE_LIMITED_KINDS)[number];

/**
 * The activities each kind runs on its own queue: the ones that reach the outside world (one SMTP
 * send, one HTTP attempt). The rest of a job (webhook health records, audit inserts) stays on the main queue.
 */
export const KIND_QUEUE_ACTIVITIES = {
  email: ['smtpSend'],
  webhook: ['postWebhook'],
} as const satisfies Record<RateLimitedKind, readonly string[]>;

/** `afterward-v1-email`: the activity task queue of a kind, derived from the main task queue. */
export function kindTaskQueue(taskQueue: string, kind: RateLimitedKind): string {
  return `${taskQueue}-${kind}`;
}
