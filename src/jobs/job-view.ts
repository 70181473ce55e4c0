import type { Client, WorkflowExecutionDescription } from '@temporalio/client';
import type { LoadedDataConverter } from '@temporalio/common/lib/converter/data-converter';
import {
  decodeFromPayloadsAtIndex,
  decodeOptionalFailureToOptionalError,
} from '@temporalio/common/lib/internal-non-workflow';
import { optionalTsToMs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { JOB_KIND, JOB_SCHEDULED_FOR } from '../../workflows/shared/search-attributes';
import type { RejectedSignal } from '../../workflows/shared/rejected-signals';
import { closedReport, reportedAttempts } from '../../workflows/shared/reported-attempts';
import { findKind, kindOfWorkflowType } from '../kinds';
import { closedOutcome } from './closed-outcome';
import { historyAttempts } from './history-attempts';
import { type JobError, summariseFailure } from './job-error';
import { type JobStatus, jobStatus } from './job-status';
import { type JobRun, jobRuns } from './retry-job';

export interface JobLinks {
  self: string;
  temporalUi: string;
}

export interface Job {
  id: string;
  kind: string;
  status: JobStatus;
  createdAt: string;
  scheduledFor: string | null;
  closedAt: string | null;
  durationMs: number | null;
  attempts: number;
  lastError: JobError | null;
  /**
   * While the job is retrying and waits for its next attempt: when that is due. From the job's own attempt
   * loop (webhooks, tasks, email), or from Temporal's activity retry (email with EMAIL_FIRST_ATTEMPT=activity or a
   * kind limit, audit, ping and sequence steps).
   */
  nextAttemptAt?: string;
  result: unknown;
  input: unknown;
  /** When this run retries a failed one: the failed run's id; and the job's earlier runs. */
  retryOf: string | null;
  previousRuns: JobRun[];
  /** Every attempt of a job that keeps a log of them (webhooks, tasks): time, outcome, status code, error. */
  attemptLog?: unknown[];
  /** Per-step progress of a sequence, as the workflow reports it; a task's, as the app last reported it. */
  progress?: unknown;
  /** Signals the job could not apply (bad input, no longer waiting, unknown name), the last few, oldest first. */
  rejectedSignals?: RejectedSignal[];
  links: JobLinks;
}

export interface JobLinkBuilder {
  self(id: string): string;
  temporalUi(id: string, runId?: string): string;
  /** A schedule in the API, and on the Temporal UI's Schedules page. */
  schedule(id: string): string;
  scheduleUi(id: string): string;
}

const { PENDING_ACTIVITY_STATE_STARTED, PENDING_ACTIVITY_STATE_CANCEL_REQUESTED } =
  temporal.api.enums.v1.PendingActivityState;
const { PENDING_WORKFLOW_TASK_STATE_STARTED } = temporal.api.enums.v1.PendingWorkflowTaskState;

/** The job as Temporal knows it: describe, plus the result or failure of a closed run. */
export async function describeJob(client: Client, id: string, links: JobLinkBuilder): Promise<Job> {
  const handle = client.workflow.getHandle(id);
  const description = await handle.describe();
  const converter = client.workflow.options.loadedDataConverter;
  const pending = description.raw.pendingActivities ?? [];
  const pendingErrors = await Promise.all(
    pending.map((a) => decodeOptionalFailureToOptionalError(converter, a.lastFailure)),
  );
  const scheduledFor = description.typedSearchAttributes.get(JOB_SCHEDULED_FOR);
  const notYetPickedUp = description.historyLength <= 2;
  // A worker holds the first workflow task (started, not completed): an email's first attempt runs in it, as a local
  // activity, so the job is running its first attempt. A query would wait for that task to end: none is sent.
  const firstTaskUnderWay =
    description.historyLength <= 3 &&
    description.raw.pendingWorkflowTask?.state === PENDING_WORKFLOW_TASK_STATE_STARTED;
  // A kind that runs its own attempt loop (webhooks, standalone or as a sequence's step) is asked where it stands.
  const ownAttempts = kindOfWorkflowType(description.type)?.ownAttempts;
  const own =
    description.status.name === 'RUNNING' && !notYetPickedUp && !firstTaskUnderWay
      ? await ownAttempts?.(client, id)
      : undefined;
  const ownAttemptFailed = own?.lastError !== undefined;
  const status = jobStatus({
    workflowStatus: description.status.name,
    notYetPickedUp: notYetPickedUp && !firstTaskUnderWay,
    pendingActivities: pending.map((a, i) => ({
      // Cancel-requested: started, and told to stop (an async task until its app acknowledges).
      started: a.state === PENDING_ACTIVITY_STATE_STARTED || a.state === PENDING_ACTIVITY_STATE_CANCEL_REQUESTED,
      attempt: a.attempt ?? 1,
      hasFailed: pendingErrors[i] !== undefined,
    })),
    scheduledFor,
    ownAttemptFailed,
    now: new Date(),
  });
  const outcome = await closedOutcome(description, () => handle.result());
  const lastError = summariseFailure(pendingErrors.find(Boolean) ?? outcome.error) ?? own?.lastError ?? null;
  const retryOf = typeof description.memo?.retryOf === 'string' ? description.memo.retryOf : null;
  const previousRuns = retryOf ? (await jobRuns(client, id)).filter((run) => run.runId !== description.runId) : [];
  const closedAt = description.closeTime ?? null;
  const nextAttemptAt = status === 'retrying' ? (own?.nextAttemptAt ?? nextActivityAttempt(pending)) : undefined;
  const kind =
    description.typedSearchAttributes.get(JOB_KIND) ?? kindOfWorkflowType(description.type)?.name ?? description.type;
  // A job that counts its own attempts (webhooks, tasks) reports them in its result, or in its failure's first detail.
  // While it runs, from its query or its pending activity; once closed without saying, from its history.
  const reported = reportedAttempts(outcome);
  const attemptLog = own?.attemptLog ?? attemptLogOf(closedReport(outcome));
  const progress = (await reportedProgress(converter, pending)) ?? description.memo?.progress;
  const resultOf = findKind(kind)?.resultOf;
  const attempts =
    reported ??
    own?.attempts ??
    (closedAt
      ? await closedAttempts(client, description, kind, previousRuns.length)
      : Math.max(firstTaskUnderWay ? 1 : 0, ...pending.map((a) => a.attempt ?? 0)));
  return {
    id,
    kind,
    status,
    createdAt: description.startTime.toISOString(),
    scheduledFor: scheduledFor?.toISOString() ?? null,
    closedAt: closedAt?.toISOString() ?? null,
    durationMs: closedAt ? closedAt.getTime() - description.startTime.getTime() : null,
    attempts,
    lastError,
    ...(nextAttemptAt ? { nextAttemptAt } : {}),
    result: (outcome.result !== undefined && resultOf ? resultOf(outcome.result) : outcome.result) ?? null,
    input: description.memo?.input ?? null,
    retryOf,
    previousRuns,
    ...(attemptLog ? { attemptLog } : {}),
    ...(progress !== undefined ? { progress } : {}),
    ...(description.memo?.rejectedSignals
      ? { rejectedSignals: description.memo.rejectedSignals as RejectedSignal[] }
      : {}),
    links: { self: links.self(id), temporalUi: links.temporalUi(id, description.runId) },
  };
}

/** A closed run's attempts at its kind's side effects; a kind without one counts the job's runs (a sequence's retries). */
async function closedAttempts(
  client: Client,
  d: WorkflowExecutionDescription,
  kindName: string,
  earlierRuns: number,
): Promise<number> {
  const activities = findKind(kindName)?.attemptActivities ?? [];
  return activities.length ? historyAttempts(client, d.workflowId, d.runId, activities) : earlierRuns + 1;
}

function attemptLogOf(report: unknown): unknown[] | undefined {
  const log = (report as { attemptLog?: unknown } | undefined)?.attemptLog;
  return Array.isArray(log) ? log : undefined;
}

/** What an attempt under way last reported through a heartbeat (an async task's app, POST /v1/jobs/:id/progress). */
async function reportedProgress(
  converter: LoadedDataConverter,
  pending: temporal.api.workflow.v1.IPendingActivityInfo[],
): Promise<unknown> {
  for (const activity of pending) {
    if (!activity.heartbeatDetails?.payloads?.length) continue;
    const details = await decodeFromPayloadsAtIndex<{ progress?: unknown }>(
      converter,
      0,
      activity.heartbeatDetails.payloads,
    ).catch(() => undefined);
    if (details && typeof details === 'object' && 'progress' in details) return details.progress;
  }
  return undefined;
}

/**
 * When Temporal will next try an activity it retries: set while the attempt waits out its backoff, not while
 * it is queued or runs. The earliest, should several be pending.
 */
function nextActivityAttempt(pending: temporal.api.workflow.v1.IPendingActivityInfo[]): string | undefined {
  const due = pending.map((a) => optionalTsToMs(a.nextAttemptScheduleTime)).filter((ms) => ms !== undefined);
  return due.length > 0 ? new Date(Math.min(...due)).toISOString() : undefined;
}
