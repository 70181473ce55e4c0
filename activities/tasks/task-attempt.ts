// Types shared by the task call activity, the runTask workflow (types only) and the API's completion routes.

export interface CallTaskInput {
  /** The job id: the call's webhook-id and afterward-job-id, the same on every attempt so the app can deduplicate. */
  jobId: string;
  type: string;
  payload: unknown;
  /** 1-based, as the workflow counts them. */
  attempt: number;
  /** When the job was accepted (ISO 8601): the envelope's `timestamp`, the same on every attempt. */
  occurredAt: string;
}

/** succeeded: 2xx (or completed by the app). rejected: a 4xx other than 408/409/425/429, or a 3xx. retry: anything a retry may change. */
export type TaskAttemptOutcome = 'succeeded' | 'rejected' | 'retry';

export interface TaskAttemptRecord {
  attempt: number;
  /** When the attempt started, ISO 8601. */
  at: string;
  latencyMs: number;
  outcome: TaskAttemptOutcome;
  statusCode?: number;
  error?: string;
  /** The start of the response body (1 KiB). */
  responseSnippet?: string;
  /** The app's Retry-After; the next attempt waits at least this long. */
  retryAfterMs?: number;
  /** The app answered 202 and finished the attempt later through the API. */
  async?: boolean;
}

export interface CallTaskResult {
  record: TaskAttemptRecord;
  /** The 2xx body: parsed JSON when its type is JSON, else text; null when empty. */
  result?: unknown;
  /** The body was over 64 KiB: `result` is its first 64 KiB as text. */
  resultTruncated?: boolean;
}

/** What POST /v1/jobs/:id/complete completes an async attempt with: the workflow fills in the attempt's number and times. */
export interface AsyncCompletion {
  record: Pick<TaskAttemptRecord, 'outcome' | 'async'>;
  result: unknown;
  resultTruncated?: boolean;
}

/** The policy a task job runs with, read from its type when it becomes due. */
export interface TaskRunSettings {
  /** The type's own queue, `<task queue>-task-<name>`. */
  taskQueue: string;
  timeoutMs: number;
  heartbeatTimeoutMs?: number;
  retry: { maxAttempts: number; initialIntervalMs: number; backoffCoefficient: number; maximumIntervalMs: number };
}
