// When a failed call is tried again, and after how long. Pure: the transport (retrying-fetch.ts) applies it.

export interface RetryOptions {
  /** Tries in all, the first one included; 1: never retry. Default 3. */
  attempts?: number;
  /** The longest wait between two tries, a server's Retry-After included. Default 10 000 ms. */
  maxDelayMs?: number;
}

export const DEFAULT_RETRY: Required<RetryOptions> = { attempts: 3, maxDelayMs: 10_000 };

/** The answers that say "not now, nothing was done": too many requests, and unavailable. */
export const RETRIED_STATUSES: ReadonlySet<number> = new Set([429, 503]);

const FIRST_BACKOFF_MS = 250;

/**
 * A call that may be sent again after a network error, when the server may have acted on it: a GET, or a call
 * with an Idempotency-Key (the server answers the first job again).
 */
export function isIdempotent(method: string, headers: Headers): boolean {
  return method === 'GET' || method === 'HEAD' || headers.has('idempotency-key');
}

/** Retry-After as delay-seconds or an HTTP date, in ms from `now`; undefined when absent or unreadable. */
export function retryAfterMs(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Exponential backoff with full jitter before try `attempt` + 1 (attempt counts from 1). */
export function backoffMs(attempt: number, maxDelayMs: number, random: () => number = Math.random): number {
  return Math.round(random() * Math.min(maxDelayMs, FIRST_BACKOFF_MS * 2 ** (attempt - 1)));
}

/** The wait before the next try: the server's Retry-After if it gave one, else backoff; never more than maxDelayMs. */
export function delayBeforeRetry(
  attempt: number,
  retryAfter: string | null,
  { maxDelayMs }: Required<RetryOptions>,
  now = Date.now(),
): number {
  return Math.min(maxDelayMs, retryAfterMs(retryAfter, now) ?? backoffMs(attempt, maxDelayMs));
}
