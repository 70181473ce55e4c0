import type { ScheduleOptions, ScheduleOverlapPolicy, ScheduleUpdateOptions } from '@temporalio/client';
import { JOB_KIND, JOB_TAGS } from '../../workflows/shared/search-attributes';
import { metadataOfJob } from '../jobs/job-metadata';
import { startPhase } from '../jobs/start-phase';
import type { ScheduleDefinition } from './schedule-schema';
import type { ScheduledJobKinds } from './job-kinds';

/** Who created a schedule, kept in its memo: only `schedules-file` ones may be pruned by the file. */
export type ManagedBy = 'api' | 'schedules-file';

export interface ScheduleContext {
  taskQueue: string;
  kinds: ScheduledJobKinds;
}

/**
 * Temporal names each run `<workflowId>-<scheduled time>`: starting with the kind keeps job ids
 * `<kind>-…` like every other job (`email-sched-digest-2027-03-15T13:00:00Z`).
 */
export const scheduleWorkflowId = (def: Pick<ScheduleDefinition, 'id' | 'job'>): string =>
  `${def.job.kind}-sched-${def.id}`;

/** What Temporal is told to do: spec, action (the kind's workflow with the job search attributes) and policies. */
export function scheduleUpdateOptions(
  def: ScheduleDefinition,
  ctx: ScheduleContext,
  state: { paused: boolean; note?: string },
): ScheduleUpdateOptions {
  const kind = ctx.kinds[def.job.kind]!;
  const run = kind.start(def.job.input, ctx.taskQueue);
  return {
    spec: {
      ...(def.cron !== undefined
        ? { cronExpressions: [def.cron] }
        : { intervals: [{ every: def.every!, offset: def.offset ?? 0 }] }),
      timezone: def.timezone,
      jitter: def.jitter,
      startAt: def.startAt ? new Date(def.startAt) : undefined,
      endAt: def.endAt ? new Date(def.endAt) : undefined,
    },
    action: {
      type: 'startWorkflow',
      workflowType: kind.workflow,
      // Temporal dispatches each run's tasks by it; the option type omits it, the SDK compiles it all the same.
      ...({ priority: run.priority ? { priorityKey: run.priority } : undefined } as object),
      taskQueue: ctx.taskQueue,
      workflowId: scheduleWorkflowId(def),
      args: run.args,
      // Temporal keeps a cron only as calendars; the memo keeps the text to show and compare.
      memo: { input: run.summary, ...(def.cron !== undefined ? { cron: def.cron } : {}) },
      typedSearchAttributes: [
        { key: JOB_KIND, value: def.job.kind },
        ...(run.tags?.length ? [{ key: JOB_TAGS, value: run.tags }] : []),
        ...startPhase(def.job.kind, kind.workflow.name),
      ],
      ...metadataOfJob({ kind: def.job.kind, summary: run.summary, tags: run.tags, origin: { schedule: def.id } }),
    },
    policies: { overlap: overlapPolicy(def.overlap), catchupWindow: def.catchupWindow },
    state: { paused: state.paused, note: state.note },
  };
}

export function scheduleOptions(def: ScheduleDefinition, ctx: ScheduleContext, managedBy: ManagedBy): ScheduleOptions {
  // The task queue names the deployment: a schedules file prunes only what its own deployment created.
  return { scheduleId: def.id, ...scheduleUpdateOptions(def, ctx, def), memo: { managedBy, taskQueue: ctx.taskQueue } };
}

export const overlapPolicy = (overlap: string): ScheduleOverlapPolicy => overlap.toUpperCase() as ScheduleOverlapPolicy;
