import type { Workflow } from '@temporalio/client';
import type { z } from 'zod';
import { JOB_KINDS } from '../kinds';
import type { KindDeps, ScheduleAdapter } from '../kinds/kind';
import { refuseNotify } from '../kinds/start-options';

/** A kind of job a schedule can start, as the schedule code uses it: the kind's schedule adapter over settings. */
export interface ScheduledJobKind {
  workflow: Workflow;
  /** Validates `job.input`: exactly what the kind's endpoint accepts, less what the schedule decides. */
  input: z.ZodType;
  /**
   * One run on `taskQueue`: the workflow arguments, the summary its job shows, its tags and priority. The
   * arguments carry the kind's activity task queue while the kind has a rate limit, as a job the kind's
   * endpoint starts would.
   */
  start(input: unknown, taskQueue: string): ReturnType<ScheduleAdapter['start']>;
  inputOf: ScheduleAdapter['inputOf'];
}

export type ScheduledJobKinds = Readonly<Record<string, ScheduledJobKind>>;

/** Every kind of the registry that has a schedule adapter. */
export function scheduledJobKinds(deps: KindDeps): ScheduledJobKinds {
  return Object.fromEntries(
    JOB_KINDS.flatMap(({ name, workflow, schedule }) =>
      schedule
        ? [
            [
              name,
              {
                workflow: schedule.workflow ?? workflow,
                input: refuseNotify(schedule.input(deps)),
                start: (input: unknown, taskQueue: string) => schedule.start(input, deps, taskQueue),
                inputOf: schedule.inputOf,
              },
            ],
          ]
        : [],
    ),
  );
}
