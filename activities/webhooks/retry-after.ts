// Hand-written because nothing maintained exports it: the npm packages for Retry-After wrap an HTTP client
// (axios-retry-after), and undici's RetryHandler keeps its parser private. The header is either a number of
// seconds or an HTTP-date (RFC 9110 §10.2.3), and Date.parse reads all three HTTP-date forms.
/** Retry-After is honoured up to an hour: a receiver may slow us down, not park a delivery for days. */
export const MAX_RETRY_AFTER_MS = 60 * 60 * 1000;

function delayMs(text: string, nowMs: number): number | undefined {
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // All three HTTP-date forms start with a day name; this keeps Date.parse's leniency out.
  if (!/^[A-Za-z]{3}/.test(text)) return undefined;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/** Retry-After (delay in seconds, or an HTTP-date) in milliseconds, capped; undefined when absent or unreadable. */
export function parseRetryAfter(
  value: string | string[] | undefined,
  nowMs: number,
  capMs = MAX_RETRY_AFTER_MS,
): number | undefined {
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  const delay = text ? delayMs(text, nowMs) : undefined;
  return delay === undefined ? undefined : Math.min(delay, capMs);
}
