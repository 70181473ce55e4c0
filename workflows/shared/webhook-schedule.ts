// The webhook retry schedule. Pure and deterministic so the workflow sandbox can import it:
// randomness comes in as a function (the workflow passes its seeded Math.random).

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * Delay before each attempt, Svix-like: the first attempt goes out at once, the last one about
 * 33 hours later, long enough to ride out a receiver's overnight outage.
 */
export const DEFAULT_RETRY_SCHEDULE_MS: readonly number[] = Object.freeze([
  0,
  5 * SECOND,
  5 * MINUTE,
  30 * MINUTE,
  2 * HOUR,
  5 * HOUR,
  10 * HOUR,
  10 * HOUR,
]);

/** Spreads retries by ±20 % so receivers that failed together are not hit together again. */
export const DEFAULT_JITTER_RATIO = 0.2;

export interface NextDelayOptions {
  schedule?: readonly number[];
  /** Fraction of the delay added or removed at random, 0 ≤ ratio ≤ 1. */
  jitterRatio?: number;
  /** Returns a number in [0, 1); in a workflow, Math.random (seeded, replay-safe). */
  random: () => number;
  /** The receiver's Retry-After, already capped by the activity; the delay is at least this. */
  retryAfterMs?: number;
}

/**
 * The delay before the attempt at `attemptIndex` (0-based, so also the number of attempts made
 * so far), or undefined when the schedule is exhausted and the delivery should give up.
 */
export function nextDelayMs(attemptIndex: number, options: NextDelayOptions): number | undefined {
  const { schedule = DEFAULT_RETRY_SCHEDULE_MS, jitterRatio = DEFAULT_JITTER_RATIO, random, retryAfterMs } = options;
  if (!Number.isInteger(attemptIndex) || attemptIndex < 0) {
    throw new RangeError(`attemptIndex must be a non-negative integer, got ${attemptIndex}`);
  }
  if (!(jitterRatio >= 0 && jitterRatio <= 1)) {
    throw new RangeError(`jitterRatio must be between 0 and 1, got ${jitterRatio}`);
  }
  const base = schedule[attemptIndex];
  if (base === undefined) return undefined;
  const jittered = Math.round(base * (1 + (2 * random() - 1) * jitterRatio));
  return Math.max(jittered, retryAfterMs ?? 0);
}
