import type { ScheduleDefinition } from './schedule-schema';
import { defaultCatchupWindowMs } from './schedule-spec';

/**
 * PATCH /v1/schedules/:id as a JSON merge patch (RFC 7396) over the schedule as GET shows it; the
 * result is validated like a POST. `cron` and `every` replace each other, `job` is replaced whole,
 * `null` removes an optional field, and a catch-up window left at its default follows a new spec.
 */
export function mergeSchedulePatch(
  current: ScheduleDefinition,
  shown: Record<string, unknown>,
  patch: Record<string, unknown>,
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...shown, ...patch };
  if ('cron' in patch) {
    delete merged.every;
    delete merged.offset;
  }
  if ('every' in patch) delete merged.cron;
  const specChanged = ['cron', 'every', 'timezone'].some((field) => field in patch);
  if (specChanged && !('catchupWindow' in patch) && current.catchupWindow === defaultCatchupWindowMs(current))
    delete merged.catchupWindow;
  for (const [field, value] of Object.entries(patch)) if (value === null) delete merged[field];
  return merged;
}
