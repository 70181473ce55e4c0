import type { Client } from '@temporalio/client';
import { Gauge, type Registry } from 'prom-client';
import { isAfterwardSchedule } from '../schedules/schedule-view';
import { scrapeCache } from './scrape-cache';

/** Schedules described per read: the gauges' series stay bounded however many schedules there are. */
export const MAX_SCHEDULES_MEASURED = 200;

type ScheduleActions = { schedule: string; taken: number; skipped_overlap: number; missed_catchup_window: number };

/** What Temporal counts for each of this task queue's Afterward schedules, read from their descriptions. */
async function readScheduleActions(client: Client, taskQueue: string): Promise<ScheduleActions[]> {
  const ids: string[] = [];
  for await (const summary of client.schedule.list()) {
    if (isAfterwardSchedule(summary)) ids.push(summary.scheduleId);
    if (ids.length >= MAX_SCHEDULES_MEASURED) break;
  }
  const descriptions = await Promise.all(
    ids.map((id) =>
      client.schedule
        .getHandle(id)
        .describe()
        .catch(() => undefined),
    ),
  );
  return descriptions.flatMap((d) =>
    d && d.action.type === 'startWorkflow' && d.action.taskQueue === taskQueue
      ? [
          {
            schedule: d.scheduleId,
            taken: d.info.numActionsTaken,
            skipped_overlap: d.info.numActionsSkippedOverlap,
            missed_catchup_window: d.info.numActionsMissedCatchupWindow,
          },
        ]
      : [],
  );
}

/**
 * `afterward_schedule_actions{schedule,outcome}`: Temporal's own totals for each schedule (taken, skipped for
 * overlap, missed for the catch-up window). Gauges, not counters: they start again when a schedule is recreated.
 */
export function registerScheduleMetrics(registry: Registry, client: Client, taskQueue: string): void {
  const read = scrapeCache(() => readScheduleActions(client, taskQueue), { maxAgeMs: 15_000, timeoutMs: 5_000 });
  new Gauge({
    name: 'afterward_schedule_actions',
    help: "Each schedule's runs so far, as Temporal counts them: taken, skipped_overlap, missed_catchup_window",
    labelNames: ['schedule', 'outcome'] as const,
    registers: [registry],
    async collect() {
      const schedules = await read();
      if (!schedules) return;
      this.reset();
      for (const { schedule, ...outcomes } of schedules)
        for (const [outcome, value] of Object.entries(outcomes)) this.set({ schedule, outcome }, value);
    },
  });
}
