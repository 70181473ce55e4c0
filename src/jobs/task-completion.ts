// The app's side of an async task: complete, fail or report progress of the attempt under way. Each maps onto
// Temporal's async activity completion and heartbeats, by the attempt's activity id (one per attempt).
import { ActivityCancelledError, ActivityNotFoundError, type Client, type FullActivityId } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { AsyncCompletion } from '../../activities/tasks';
import { TASK_FAILED_BY_APP } from '../../workflows/shared/failure-types';
import { JOB_KIND } from '../../workflows/shared/search-attributes';
import { kindOfWorkflowType } from '../kinds';

const { PENDING_ACTIVITY_STATE_STARTED, PENDING_ACTIVITY_STATE_CANCEL_REQUESTED } =
  temporal.api.enums.v1.PendingActivityState;

/** The job is not a task with an attempt under way (closed, waiting, between attempts, another kind): a 409. */
export class NotAnOpenTaskError extends Error {}

interface OpenAttempt {
  id: FullActivityId;
  attempt: number;
  cancelRequested: boolean;
}

/** What the app may say about an attempt; `attempt`, when given, must be the one under way. */
export interface AttemptTarget {
  attempt?: number;
}

export type TaskAcknowledgement =
  { status: 'completed' } | { status: 'failed'; retryable: boolean } | { status: 'cancelled' };

async function openAttempt(client: Client, jobId: string, { attempt }: AttemptTarget): Promise<OpenAttempt> {
  const d = await client.workflow.getHandle(jobId).describe();
  if ((d.typedSearchAttributes.get(JOB_KIND) ?? kindOfWorkflowType(d.type)?.name) !== 'task')
    throw new NotAnOpenTaskError(`job ${jobId} is not a task`);
  if (d.status.name !== 'RUNNING')
    throw new NotAnOpenTaskError(`task ${jobId} is closed (${d.status.name.toLowerCase()}): its result stands`);
  const open = (d.raw.pendingActivities ?? []).find(
    (a) =>
      a.activityType?.name === 'callTask' &&
      (a.state === PENDING_ACTIVITY_STATE_STARTED || a.state === PENDING_ACTIVITY_STATE_CANCEL_REQUESTED),
  );
  if (!open?.activityId)
    throw new NotAnOpenTaskError(`task ${jobId} has no attempt under way (it waits for its time or its next attempt)`);
  const underWay = Number(/^attempt-(\d+)$/.exec(open.activityId)?.[1]);
  if (attempt !== undefined && attempt !== underWay)
    throw new NotAnOpenTaskError(`attempt ${attempt} of task ${jobId} is over; attempt ${underWay} is under way`);
  return {
    id: { workflowId: jobId, runId: d.runId, activityId: open.activityId },
    attempt: underWay,
    cancelRequested: open.state === PENDING_ACTIVITY_STATE_CANCEL_REQUESTED,
  };
}

/** An attempt that ended between our describe and our call (a second complete, a timeout): the first outcome stands. */
async function settle<T>(jobId: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof ActivityNotFoundError)
      throw new NotAnOpenTaskError(`the attempt of task ${jobId} has already ended: its outcome stands`);
    throw err;
  }
}

/**
 * Ends the attempt under way. After the job was cancelled, completing or failing it is the app's
 * acknowledgement: the job ends cancelled (the result is kept in the cancellation's details).
 */
async function end(
  client: Client,
  jobId: string,
  target: AttemptTarget,
  outcome: { complete: AsyncCompletion } | { fail: ApplicationFailure },
): Promise<TaskAcknowledgement> {
  const open = await openAttempt(client, jobId, target);
  return settle(jobId, async () => {
    if (open.cancelRequested) {
      await client.activity.reportCancellation(
        open.id,
        'complete' in outcome ? { result: outcome.complete.result } : { error: outcome.fail.message },
      );
      return { status: 'cancelled' };
    }
    if ('complete' in outcome) {
      await client.activity.complete(open.id, outcome.complete);
      return { status: 'completed' };
    }
    await client.activity.fail(open.id, outcome.fail);
    return { status: 'failed', retryable: !outcome.fail.nonRetryable };
  });
}

export function completeTask(
  client: Client,
  jobId: string,
  body: AttemptTarget & { result: unknown },
): Promise<TaskAcknowledgement> {
  return end(client, jobId, body, {
    complete: { record: { outcome: 'succeeded', async: true }, result: body.result ?? null },
  });
}

export function failTask(
  client: Client,
  jobId: string,
  body: AttemptTarget & { error: { message: string; retryable: boolean } },
): Promise<TaskAcknowledgement> {
  const failure = ApplicationFailure.create({
    message: body.error.message,
    type: TASK_FAILED_BY_APP,
    nonRetryable: !body.error.retryable,
  });
  return end(client, jobId, body, { fail: failure });
}

/** A heartbeat carrying the app's progress; answers whether the job was cancelled (the app should stop and acknowledge). */
export async function reportTaskProgress(
  client: Client,
  jobId: string,
  body: AttemptTarget & { progress: unknown },
): Promise<{ cancelRequested: boolean }> {
  const open = await openAttempt(client, jobId, body);
  if (open.cancelRequested) return { cancelRequested: true };
  return settle(jobId, async () => {
    try {
      await client.activity.heartbeat(open.id, { progress: body.progress, at: new Date().toISOString() });
      return { cancelRequested: false };
    } catch (err) {
      if (err instanceof ActivityCancelledError) return { cancelRequested: true };
      throw err;
    }
  });
}
