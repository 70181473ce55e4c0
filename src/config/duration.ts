import { z } from 'zod';
import { parseDelay } from '../jobs/send-time';
import { commaList } from './values';

const SPELLING = 'a duration such as 30s, 5m, 2h, 5d or PT30S (a bare number is milliseconds)';

/** A whole number of milliseconds, from a duration as `parseDelay` reads it. */
const milliseconds = (allowZero: boolean) =>
  z
    .string()
    .trim()
    .transform((text, ctx) => {
      const ms = parseDelay(text);
      if (ms !== undefined && Number.isInteger(ms) && (allowZero || ms > 0)) return ms;
      ctx.addIssue({ code: 'custom', message: ms === 0 ? 'must be longer than 0' : `must be ${SPELLING}` });
      return z.NEVER;
    });

/**
 * A duration setting, read as milliseconds. `alias` is an older name that takes the same values (the `_MS`
 * names from before durations could be written for people); setting both is an error (see read-env.ts).
 */
export function duration(o: { default: string; alias?: string; allowZero?: true }) {
  return milliseconds(o.allowZero ?? false)
    .prefault(o.default)
    .meta({ alias: o.alias });
}

/** Delays separated by commas, each as `parseDelay` reads it. */
export const durationList = z
  .string()
  .transform((text) => commaList(text).map(parseDelay))
  .refine(
    (delays): delays is number[] => delays.length > 0 && delays.length <= 50 && delays.every((d) => d !== undefined),
    'must be 1-50 comma-separated durations, e.g. 0,5s,5m,30m,2h',
  );

const UNITS = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1000],
] as const;

/** The shortest exact spelling of `ms` that `parseDelay` reads back: 0, 5s, 30m, 10h, 1500. */
export function formatDuration(ms: number): string {
  const unit = UNITS.find(([, size]) => ms > 0 && ms % size === 0);
  return unit ? `${ms / unit[1]}${unit[0]}` : String(ms);
}
