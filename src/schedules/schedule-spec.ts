import { CronExpressionParser } from 'cron-parser';

/** Temporal never keeps a catch-up window below 10 s; a shorter one would be silently raised. */
export const MIN_CATCHUP_WINDOW_MS = 10_000;

// Plain 5-field cron: numbers or 3-letter names, ranges, steps and lists. cron-parser parses and computes
// fire times, but it also accepts extensions Temporal's parser does not know (L, W, #, ?, H), and no library
// speaks Temporal's dialect: this pattern refuses them here, before Temporal.
const VALUE = '(?:\\d+|[A-Za-z]{3})';
const ITEM = `(?:\\*|${VALUE}(?:-${VALUE})?)(?:/\\d+)?`;
const FIELD = new RegExp(`^${ITEM}(?:,${ITEM})*$`);
const FIELD_NAMES = ['minute', 'hour', 'day of month', 'month', 'day of week'];
// A fixed reference, so the default catch-up window is the same on every start (a schedules file stays "unchanged").
const REFERENCE = new Date('2025-01-01T00:00:00Z');
const SAMPLES = 16;

/** The cron text as stored and compared: fields separated by one space. */
export function normalizeCron(cron: string): string {
  return cron.trim().split(/\s+/).join(' ');
}

/** Why a 5-field cron expression is not usable, or undefined when it is. */
export function cronProblem(cron: string): string | undefined {
  const fields = normalizeCron(cron).split(' ');
  if (fields.length !== 5) return `must have 5 fields (${FIELD_NAMES.join(', ')}), got ${fields.length}`;
  const bad = fields.findIndex((field) => !FIELD.test(field));
  if (bad >= 0) return `${FIELD_NAMES[bad]} field ${JSON.stringify(fields[bad])} uses syntax Temporal does not support`;
  try {
    // strict: Temporal matches day of month AND day of week, classic cron matches either; refuse the ambiguity.
    return cronFireTimes(cron, 'UTC', REFERENCE, SAMPLES).length === SAMPLES ? undefined : 'never fires';
  } catch (err) {
    const message = (err as Error).message;
    return /dayOfMonth and dayOfWeek/.test(message)
      ? 'sets both day of month and day of week: Temporal requires both to match (classic cron, either); set only one'
      : message;
  }
}

/** The next `count` times a valid cron expression fires after `from`, in `timeZone`. */
export function cronFireTimes(cron: string, timeZone: string, from: Date, count: number): Date[] {
  return parseCron(cron, timeZone, from)
    .take(count)
    .map((d) => d.toDate());
}

/**
 * The times a spec fires at or before `until` and not before `since`, newest first: a cron's in its time zone, an
 * interval's at every multiple of `every` since the Unix epoch, shifted by `offset` (as Temporal counts them).
 */
export function* fireTimesBackFrom(
  spec: { cron?: string; every?: number; offset?: number; timezone: string },
  until: Date,
  since: Date,
): Generator<Date> {
  if (spec.cron !== undefined) {
    const times = parseCron(spec.cron, spec.timezone, new Date(until.getTime() + 1));
    for (let t = times.prev().toDate(); t >= since; t = times.prev().toDate()) yield t;
    return;
  }
  const [every, offset] = [spec.every!, spec.offset ?? 0];
  for (let t = Math.floor((until.getTime() - offset) / every) * every + offset; t >= since.getTime(); t -= every)
    yield new Date(t);
}

function parseCron(cron: string, tz: string, currentDate: Date) {
  return CronExpressionParser.parse(`0 ${normalizeCron(cron)}`, { strict: true, tz, currentDate });
}

/**
 * The default catch-up window: about one interval (the shortest gap between two fires), at least
 * Temporal's 10 s. A fire missed during an outage is still taken when the server is back before the
 * next one is due, and an outage never replays a flood (Temporal's own default is a year).
 */
export function defaultCatchupWindowMs(spec: { cron?: string; every?: number; timezone: string }): number {
  let interval = spec.every ?? 0;
  if (spec.cron !== undefined) {
    const times = cronFireTimes(spec.cron, spec.timezone, REFERENCE, SAMPLES).map((d) => d.getTime());
    interval = Math.min(...times.slice(1).map((t, i) => t - times[i]!));
  }
  return Math.max(MIN_CATCHUP_WINDOW_MS, interval);
}

/** The canonical IANA name of a time zone (as Intl resolves it), or undefined when it is unknown. */
export function canonicalTimeZone(name: string): string | undefined {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/.test(name)) return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}
