import ms from 'ms';
import { parse as parseIsoDuration } from 'tinyduration';

/** The furthest ahead a job may be scheduled: beyond this, a schedule (cron) is the right tool. */
export const MAX_SCHEDULE_AHEAD_MS = 366 * 24 * 3600 * 1000;

// ms reads "90s" and tinyduration reads "PT24H", but the sum of an ISO duration's parts is ours: the libraries
// that sum (iso8601-duration, Temporal.Duration) count months and years on a calendar from a start date, and a
// delay here has fixed units (a year is 365 days, a month 30), the same whenever it is sent.
/** Parses "90s", "24h", "2d" (the ms package's format) or an ISO-8601 duration ("PT24H") to milliseconds. */
export function parseDelay(text: string): number | undefined {
  if (/^P/i.test(text)) {
    try {
      const d = parseIsoDuration(text.toUpperCase());
      if (d.negative) return undefined;
      const days = (d.years ?? 0) * 365 + (d.months ?? 0) * 30 + (d.weeks ?? 0) * 7 + (d.days ?? 0);
      return Math.round((((days * 24 + (d.hours ?? 0)) * 60 + (d.minutes ?? 0)) * 60 + (d.seconds ?? 0)) * 1000);
    } catch {
      return undefined;
    }
  }
  const value = ms(text as ms.StringValue);
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** The moment a job should run: `sendAt` as given, or now + `delay`; undefined means now. */
export function sendTime(v: { sendAt?: string; delay?: string }): Date | undefined {
  return v.sendAt ? new Date(v.sendAt) : v.delay ? new Date(Date.now() + parseDelay(v.delay)!) : undefined;
}
