const HOUR_MS = 3_600_000;

/** A span of start times: from `since` (included) to `until` (left out), as the jobs view's filters take them. */
export interface TimeSpan {
  since: Date;
  until: Date;
}

/**
 * The `hours` hours up to `now`, oldest first, each one hour long: they end at `now` rather than on the clock's
 * hour, so together they are exactly the window the overview's totals count, and a job just started is in the last.
 */
export function hourBuckets(now: Date, hours: number): TimeSpan[] {
  return Array.from({ length: hours }, (_, n) => ({
    since: new Date(now.getTime() - (hours - n) * HOUR_MS),
    until: new Date(now.getTime() - (hours - n - 1) * HOUR_MS),
  }));
}

/** The window of several buckets: from the first one's start to the last one's end. */
export const spanOf = (buckets: readonly TimeSpan[]): TimeSpan => ({
  since: buckets[0]!.since,
  until: buckets[buckets.length - 1]!.until,
});

/** A bar's height for `value` on a chart `height` tall whose tallest bar is `max`; a count above zero stays visible. */
export function barHeight(value: number, max: number, height: number): number {
  if (value <= 0 || max <= 0) return 0;
  return Math.max(1, Math.round((value / max) * height));
}
