import type { ScheduleDefinition } from './schedule-schema';
import { fireTimesBackFrom } from './schedule-spec';

/** At most this many fire times are listed: an every-second schedule paused for an hour would list 3 600. */
export const FIRES_WITHOUT_RUN_LIMIT = 50;
/** And only from this far back from the newest run. */
export const FIRES_WITHOUT_RUN_LOOKBACK_MS = 24 * 3_600_000;

type FireSpec = Pick<ScheduleDefinition, 'cron' | 'every' | 'offset' | 'timezone' | 'jitter' | 'startAt' | 'endAt'>;

/**
 * The fires of `spec` that started no job, newest first: those between the oldest and the newest run Temporal
 * still lists (`runsAt`, their scheduled times) that no run answers. Temporal counts such fires (skipped for
 * overlap, past the catch-up window) but keeps no times, and fires while paused are not even counted; outside
 * the runs it lists, nothing is known, so nothing is claimed. A run answers a fire when it was scheduled at
 * the fire's time or within its jitter after it (Temporal records the jittered time). Fires are those of the
 * current spec: after a change of spec, the older gaps follow the new one.
 */
export function firesWithoutRun(spec: FireSpec, runsAt: readonly Date[], limit = FIRES_WITHOUT_RUN_LIMIT): Date[] {
  if (!runsAt.length) return [];
  const runs = runsAt.map((d) => d.getTime());
  const [oldest, newest] = [Math.min(...runs), Math.max(...runs)];
  // A spec fires only between its start and end (triggered runs may lie outside).
  const since = Math.max(oldest, newest - FIRES_WITHOUT_RUN_LOOKBACK_MS, spec.startAt ? Date.parse(spec.startAt) : 0);
  const until = Math.min(newest, spec.endAt ? Date.parse(spec.endAt) : Infinity);
  const answered = (fire: number) => runs.some((run) => run >= fire && run <= fire + spec.jitter);
  const missed: Date[] = [];
  for (const fire of fireTimesBackFrom(spec, new Date(until), new Date(since))) {
    if (missed.length === limit) break;
    if (!answered(fire.getTime())) missed.push(fire);
  }
  return missed;
}
