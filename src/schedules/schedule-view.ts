import type { ScheduleDescription, ScheduleSummary } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import { canonicalJson } from '../../activities/store';
import { JOB_KIND, JOB_TAGS } from '../../workflows/shared/search-attributes';
import type { OverlapPolicy, ScheduleDefinition } from './schedule-schema';
import type { JobLinkBuilder } from '../jobs/job-view';
import { formatDuration } from './duration-text';
import { firesWithoutRun } from './fires-without-run';
import { type ScheduleContext, scheduleUpdateOptions } from './schedule-options';

/** The definition of an Afterward schedule, read back from Temporal's description. */
export function definitionOf(d: ScheduleDescription, ctx: ScheduleContext): ScheduleDefinition {
  const attributes =
    d.action.typedSearchAttributes instanceof TypedSearchAttributes ? d.action.typedSearchAttributes : undefined;
  const [kind, tags] = [attributes?.get(JOB_KIND), attributes?.get(JOB_TAGS)];
  const cron = d.action.memo?.cron as string | undefined;
  const interval = d.spec.intervals?.[0];
  return {
    id: d.scheduleId,
    ...(cron !== undefined
      ? { cron }
      : { every: interval?.every, ...(interval?.offset ? { offset: interval.offset } : {}) }),
    timezone: d.spec.timezone || 'UTC',
    ...(d.spec.startAt ? { startAt: d.spec.startAt.toISOString() } : {}),
    ...(d.spec.endAt ? { endAt: d.spec.endAt.toISOString() } : {}),
    jitter: d.spec.jitter ?? 0,
    job: {
      kind: kind ?? '',
      input:
        kind && ctx.kinds[kind]
          ? ctx.kinds[kind].inputOf([...(d.action.args ?? [])], tags, d.action.priority?.priorityKey)
          : d.action.args,
    },
    overlap: (d.policies.overlap ?? 'SKIP').toLowerCase() as OverlapPolicy,
    catchupWindow: d.policies.catchupWindow,
    paused: d.state.paused,
    ...(d.state.note ? { note: d.state.note } : {}),
  };
}

/** A definition as the API shows it and accepts it back: durations as text ("5m"). */
export type PresentedDefinition = Omit<ScheduleDefinition, 'every' | 'offset' | 'jitter' | 'catchupWindow'> & {
  every?: string;
  offset?: string;
  jitter: string;
  catchupWindow: string;
};

export function presentDefinition(def: ScheduleDefinition): PresentedDefinition {
  const { every, offset, jitter, catchupWindow, ...rest } = def;
  return {
    ...rest,
    ...(every !== undefined ? { every: formatDuration(every) } : {}),
    ...(offset !== undefined ? { offset: formatDuration(offset) } : {}),
    jitter: formatDuration(jitter),
    catchupWindow: formatDuration(catchupWindow),
  };
}

/**
 * True when Temporal already runs `def`: same spec, job, policies, and the same workflow, queue, arguments
 * (which also change with the config, e.g. the email retry policy) and summary in Temporal's UI. Pause state
 * and note are left out: they belong to whoever operates the schedule.
 */
export function isUpToDate(d: ScheduleDescription, def: ScheduleDefinition, ctx: ScheduleContext): boolean {
  const comparable = (
    x: ScheduleDefinition,
    action: ScheduleDescription['action'] | ReturnType<typeof scheduleUpdateOptions>['action'],
  ) => {
    const { paused: _paused, note: _note, ...rest } = x;
    const { workflowType: type, taskQueue, workflowId, args, memo, staticSummary, staticDetails } = action;
    const workflowType = typeof type === 'string' ? type : type.name;
    return canonicalJson(
      JSON.parse(
        JSON.stringify({ rest, workflowType, taskQueue, workflowId, args, memo, staticSummary, staticDetails }),
      ),
    );
  };
  return comparable(definitionOf(d, ctx), d.action) === comparable(def, scheduleUpdateOptions(def, ctx, def).action);
}

/** GET /v1/schedules/:id: the definition, what comes next, what ran, and what was missed. */
export function scheduleView(d: ScheduleDescription, ctx: ScheduleContext, links: JobLinkBuilder) {
  const run = (workflowId: string, runId: string) => ({
    jobId: workflowId,
    links: { job: links.self(workflowId), temporalUi: links.temporalUi(workflowId, runId) },
  });
  const def = definitionOf(d, ctx);
  return {
    ...presentDefinition(def),
    managedBy: d.memo?.managedBy ?? null,
    nextRuns: d.info.nextActionTimes.slice(0, 5).map((t) => t.toISOString()),
    recentRuns: d.info.recentActions
      .map((a) => ({
        scheduledAt: a.scheduledAt.toISOString(),
        startedAt: a.takenAt.toISOString(),
        ...run(a.action.workflow.workflowId, a.action.workflow.firstExecutionRunId),
      }))
      .reverse(),
    runningJobs: d.info.runningActions.map((a) => a.workflow.workflowId),
    fires: {
      taken: d.info.numActionsTaken,
      skippedOverlap: d.info.numActionsSkippedOverlap,
      missedCatchupWindow: d.info.numActionsMissedCatchupWindow,
      withoutRun: firesWithoutRun(
        def,
        d.info.recentActions.map((a) => a.scheduledAt),
      ).map((t) => t.toISOString()),
    },
    createdAt: d.info.createdAt.toISOString(),
    updatedAt: d.info.lastUpdatedAt?.toISOString() ?? null,
    links: { self: links.schedule(d.scheduleId), temporalUi: links.scheduleUi(d.scheduleId) },
  };
}

/** Schedules Afterward made carry `managedBy` in their memo; others in the namespace are left alone. */
export function isAfterwardSchedule(s: { memo?: Record<string, unknown> }): boolean {
  return s.memo?.managedBy === 'api' || s.memo?.managedBy === 'schedules-file';
}

/** One entry of GET /v1/schedules (Temporal's list: eventually consistent, no action details). */
export function scheduleSummaryView(s: ScheduleSummary, links: JobLinkBuilder) {
  const last = s.info.recentActions.at(-1);
  return {
    id: s.scheduleId,
    paused: s.state.paused,
    note: s.state.note || null,
    managedBy: s.memo?.managedBy,
    nextRuns: s.info.nextActionTimes.slice(0, 5).map((t) => t.toISOString()),
    lastRun: last
      ? {
          scheduledAt: last.scheduledAt.toISOString(),
          jobId: last.action.workflow.workflowId,
          links: { job: links.self(last.action.workflow.workflowId) },
        }
      : null,
    links: { self: links.schedule(s.scheduleId), temporalUi: links.scheduleUi(s.scheduleId) },
  };
}
