import { z } from 'zod';
import { OVERLAP_POLICIES } from '../../../schedules/schedule-schema';

const time = z.iso.datetime();
const duration = z.string().describe('A duration as text: `90s`, `5m`, `1h30m`');

/** GET /v1/schedules/:id (src/schedules/schedule-view.ts): the definition as POST takes it, and what ran. */
export const scheduleSchema = z
  .object({
    id: z.string(),
    cron: z.string().optional(),
    every: duration.optional(),
    offset: duration.optional(),
    timezone: z.string(),
    startAt: time.optional(),
    endAt: time.optional(),
    jitter: duration,
    job: z.object({ kind: z.string(), input: z.unknown() }),
    overlap: z.enum(OVERLAP_POLICIES),
    catchupWindow: duration,
    paused: z.boolean(),
    note: z.string().optional(),
    managedBy: z.string().nullable().describe('`api`, or `schedules-file` for one the schedules file keeps'),
    nextRuns: z.array(time),
    recentRuns: z.array(
      z.object({
        scheduledAt: time,
        startedAt: time,
        jobId: z.string(),
        links: z.object({ job: z.string(), temporalUi: z.string() }),
      }),
    ),
    runningJobs: z.array(z.string()),
    fires: z.object({
      taken: z.int(),
      skippedOverlap: z.int().describe('Fires skipped because a run was still going (overlap `skip`)'),
      missedCatchupWindow: z.int().describe('Fires Temporal could not take within the catch-up window'),
      withoutRun: z
        .array(time)
        .describe(
          'The times of fires that started no job (skipped, missed, or while paused), newest first: those of the ' +
            'spec between the oldest and newest of `recentRuns`, from at most 24 h before the newest, at most 50',
        ),
    }),
    createdAt: time,
    updatedAt: time.nullable(),
    links: z.object({ self: z.string(), temporalUi: z.string() }),
  })
  .meta({ id: 'Schedule' });

/** An entry of GET /v1/schedules (scheduleSummaryView). */
export const scheduleSummarySchema = z
  .object({
    id: z.string(),
    paused: z.boolean(),
    note: z.string().nullable(),
    managedBy: z.string().optional(),
    nextRuns: z.array(time),
    lastRun: z.object({ scheduledAt: time, jobId: z.string(), links: z.object({ job: z.string() }) }).nullable(),
    links: z.object({ self: z.string(), temporalUi: z.string() }),
  })
  .meta({ id: 'ScheduleSummary' });

export const schedulePageSchema = z
  .object({
    schedules: z.array(scheduleSummarySchema),
    nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last'),
  })
  .meta({ id: 'SchedulePage' });
