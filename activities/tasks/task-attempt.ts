// Types shared with the runTask workflow (which imports them as types only).

export interface CallTaskInput {
  /** Sent as webhook-id and afterward-job-id: identical on every attempt so the app can deduplicate. */
  jobId: string;
  /** The task type's name: the envelope's `type`. */
  type: string;
  payload: unknown;
  /** 1-based, as given by the workflow. */
  attempt: number;
  /** ISO 8601: the envelope's timestamp (when the job was accepted), the same on every attempt. */
  occurredAt: string;
}

/**
 * succeeded: 2xx. rejected: another 4xx or a 3xx, a retry would get the same answer.
 * retry: 408/409/425/429/5xx, network error, timeout.
 */
export type TaskAttemptOutcome = 'succeeded' | 'rejected' | 'retry';

export interface TaskAttemptRecord {
  attempt: number;
  /** When the attempt started, ISO 8601. */
  at: string;
  latencyMs: number;
  /** async and cancelled are the workflow's: an attempt the app finishes later, or one cancelled in flight. */
  outcome: TaskAttemptOutcome | 'async' | 'cancelled';
  statusCode?: number;
  error?: string;
  /** First 1 KiB of the response. */
  responseSnippet?: string;
  /** The app's Retry-After, capped; the workflow waits at least this long. */
  retryAfterMs?: number;
}

export interface CallTaskResult {
  record: TaskAttemptRecord;
  /** The 2xx body: parsed JSON when the content type is JSON (application/json or +json), else text; null when empty. */
  result?: unknown;
  /** The body was over 64 KiB: result is its first 64 KiB as text. */
  resultTruncated?: boolean;
}
