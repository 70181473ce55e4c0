// Types shared with the deliverWebhook workflow (which imports them as types only).

/**
 * delivered: 2xx. gone: 410, stop sending to this endpoint. rejected: another 4xx or a 3xx, a
 * retry would get the same answer. retry: 408/425/429/5xx, network error, timeout.
 */
export type AttemptOutcome = 'delivered' | 'retry' | 'rejected' | 'gone';

export interface AttemptRecord {
  /** 1-based attempt number, as given by the workflow. */
  attempt: number;
  /** When the attempt started, ISO 8601. */
  at: string;
  /** Absent when the attempt never reported back (worker lost, store unreachable) or was refused before sending. */
  url?: string;
  statusCode?: number;
  latencyMs: number;
  outcome: AttemptOutcome;
  error?: string;
  /** The start of the response body (1 KiB by default), for the attempt log. */
  responseSnippet?: string;
  /** The response body was longer than the client reads and was cut. */
  responseTruncated?: boolean;
  /** The receiver's Retry-After, capped; the workflow waits at least this long. */
  retryAfterMs?: number;
}

export interface PostWebhookInput {
  /** The job id, sent as webhook-id: identical on every attempt so receivers can deduplicate. */
  jobId: string;
  endpointId: string;
  event: string;
  payload: unknown;
  /** When the event occurred (ISO 8601), the body's `timestamp`; the same on every attempt of the job. */
  occurredAt?: string;
  headers?: Record<string, string>;
  attempt: number;
}

/** What the endpoint store answers. Secrets are read per attempt so they never enter workflow history. */
export interface WebhookEndpoint {
  url: string;
  /** Active signing secrets, newest first; several during a rotation. */
  secrets: string[];
  enabled: boolean;
}
