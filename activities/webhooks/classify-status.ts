import type { AttemptOutcome } from './attempt-record';

/** Statuses that say "not now" rather than "no": the same request may succeed later. */
const RETRYABLE_4XX = new Set([408, 425, 429]);

export function classifyStatus(statusCode: number): AttemptOutcome {
  if (statusCode >= 200 && statusCode < 300) return 'delivered';
  if (statusCode === 410) return 'gone';
  if (RETRYABLE_4XX.has(statusCode) || (statusCode >= 500 && statusCode < 600)) return 'retry';
  // 3xx lands here too: following a redirect would let a receiver point us anywhere.
  return 'rejected';
}
