import { z } from 'zod';
import { parseDelay } from '../jobs/send-time';
import type { ScheduledJobKinds } from './job-kinds';
import {
  canonicalTimeZone,
  cronProblem,
  defaultCatchupWindowMs,
  MIN_CATCHUP_WINDOW_MS,
  normalizeCron,
} from './schedule-spec';
import { pageCursor } from '../jobs/list-cursor';

export const OVERLAP_POLICIES = [
  'skip',
  'buffer_one',
  'buffer_all',
  'cancel_other',
  'terminate_other',
  'allow_all',
] as const;
export type OverlapPolicy = (typeof OVERLAP_POLICIES)[number];

/** A schedule as Afterward keeps it: validated, normalized, defaults filled in, durations in ms. */
export interface ScheduleDefinition {
  id: string;
  cron?: string;
  every?: number;
  offset?: number;
  timezone: string;
  startAt?: string;
  endAt?: string;
  jitter: number;
  job: { kind: string; input: unknown };
  overlap: OverlapPolicy;
  catchupWindow: number;
  paused: boolean;
  note?: string;
}

/** Letters, digits, `_` and `-`: safe in a workflow id, a URL and the Temporal UI. */
export const scheduleId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/, 'must be 1-100 letters, digits, _ or -, starting with a letter or digit');

/** A duration of whole seconds ("5m", "90s", "PT1H"), to milliseconds. */
const seconds = z.string().transform((text, ctx) => {
  const ms = parseDelay(text);
  const problem =
    ms === undefined
      ? 'must be a duration like "30s", "5m", "1h" or "PT5M"'
      : ms % 1000 !== 0
        ? 'must be a whole number of seconds'
        : undefined;
  if (problem === undefined) return ms!;
  ctx.addIssue({ code: 'custom', message: problem });
  return z.NEVER;
});

const cron = z.string().transform((text, ctx) => {
  const problem = cronProblem(text);
  if (problem === undefined) return normalizeCron(text);
  ctx.addIssue({ code: 'custom', message: problem });
  return z.NEVER;
});

const timeZone = z.string().transform((name, ctx) => {
  const canonical = canonicalTimeZone(name);
  if (canonical) return canonical;
  ctx.addIssue({ code: 'custom', message: 'is not a known IANA time zone, e.g. "Europe/Berlin" or "UTC"' });
  return z.NEVER;
});

const instant = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 time with a zone' })
  .transform((v) => new Date(v).toISOString());

/** POST /v1/schedules, each entry of the schedules file, and (merged with the current schedule) PATCH. */
export function scheduleRequestSchema(kinds: ScheduledJobKinds) {
  const jobs = Object.entries(kinds).map(([name, k]) => z.strictObject({ kind: z.literal(name), input: k.input }));
  return z
    .strictObject({
      id: scheduleId,
      cron: cron.optional(),
      every: seconds.optional(),
      offset: seconds.optional(),
      timezone: timeZone.default('UTC'),
      startAt: instant.optional(),
      endAt: instant.optional(),
      jitter: seconds.default(0),
      job: z.discriminatedUnion('kind', jobs as [(typeof jobs)[number], ...typeof jobs]),
      overlap: z.enum(OVERLAP_POLICIES).default('skip'),
      catchupWindow: seconds.optional(),
      paused: z.boolean().default(false),
      note: z.string().max(1000).optional(),
    })
    .superRefine((v, ctx) => {
      const problem = (field: string, message: string) => ctx.addIssue({ code: 'custom', path: [field], message });
      if ((v.cron === undefined) === (v.every === undefined)) problem('cron', 'give either cron or every');
      if (v.every !== undefined && v.every < 1000) problem('every', 'must be at least 1s');
      if (v.offset !== undefined && (v.every === undefined || v.offset >= v.every))
        problem('offset', 'needs every, and must be shorter than it');
      if (v.startAt && v.endAt && v.startAt >= v.endAt) problem('endAt', 'must be after startAt');
      if (v.catchupWindow !== undefined && v.catchupWindow < MIN_CATCHUP_WINDOW_MS)
        problem('catchupWindow', 'must be at least 10s (Temporal raises anything shorter)');
    })
    .transform((v): ScheduleDefinition => ({ ...v, catchupWindow: v.catchupWindow ?? defaultCatchupWindowMs(v) }));
}

/** POST /v1/schedules/:id/pause and /unpause */
export const noteSchema = z.strictObject({ note: z.string().max(1000).optional() });

/** POST /v1/schedules/:id/trigger: a run now; overlapping a running one unless told otherwise. */
export const triggerSchema = z.strictObject({ overlap: z.enum(OVERLAP_POLICIES).default('allow_all') });

/** POST /v1/schedules/:id/backfill: the runs the schedule would have started between `from` and `to`. */
export const backfillSchema = z
  .strictObject({ from: instant, to: instant, overlap: z.enum(OVERLAP_POLICIES).optional() })
  .refine((v) => v.from < v.to, { path: ['to'], message: 'must be after from' });

/** GET /v1/schedules: a page of Temporal's list; up to 1000, Temporal's largest visibility page. */
export const scheduleListQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1000).default(50),
  cursor: pageCursor.optional(),
});
