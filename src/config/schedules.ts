import path from 'node:path';
import type { Env } from './read-env';
import { optionalString } from './values';

export const scheduleVariables = {
  SCHEDULES_FILE: optionalString
    .meta({ shownDefault: '`schedules.yaml`, when present' })
    .describe(
      'declarative schedules applied at start by roles `all` and `api` (see [Schedules](schedules.md)); a named file must exist',
    ),
};

export const readSchedules = (e: Env<typeof scheduleVariables>) => ({
  /** `required`: SCHEDULES_FILE names the file, so it must exist. */
  schedules: { file: path.resolve(e.SCHEDULES_FILE ?? 'schedules.yaml'), required: e.SCHEDULES_FILE !== undefined },
});
