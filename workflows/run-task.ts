import {
  ActivityCancellationType,
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  CancelledFailure,
  defineQuery,
  isCancellation,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  sleep,
  TimeoutFailure,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { createTaskSettingsActivities } from '../activities/tasks/task-settings';
import type {
  AsyncCompletion,
  CallTaskInput,
  CallTaskResult,
  TaskAttemptRecord,
  TaskRunSettings,
} from '../activities/tasks/task-attempt';
import { type AttemptLoopState, attemptLoopStateQuery } from './shared/attempt-loop';
import {
  TASK_ATTEMPT_FAILED,
  TASK_FAILED_BY_APP,
  TASK_NOT_WAITING,
  TASK_REJECTED,
  TASK_RETRIES_EXHAUSTED,
} from './shared/failure-types';
import { reportAttemptLoop, reportingClose } from './shared/job-phase';
import { TASK_TYPE } from './shared/search-attributes';
import { type SendTimeState, sendTimeControls } from './shared/send-time-controls';
import { taskRetryDelayMs } from './shared/task-retry';

export interface RunTaskInput {
  /** The task type: its URL and policy are read when the job becomes due. */
  type: string;
  payload: unknown;
  /** When the job was accepted (ISO 8601), the envelope's timestamp; absent (a schedule's or sequence's runs): when this run started. */
  occurredAt?: string;
  /** ISO time of the first attempt; absent means now. */
  sendAt?: string;
}

export interface RunTaskResult {
  type: string;
  /** What the app answered (or completed the task with). */
  result: unknown;
  resultTruncated?: boolean;
  statusCode?: number;
  attempts: number;
  attemptLog: TaskAttemptRecord[];
}

/** details[0] of a task's failure: the job view reads statusCode as lastError.code, and the attempts. */
export interface TaskFailureDetails {
  statusCode?: number;
  attempts: number;
  attemptLog: TaskAttemptRecord[];
}

export type TaskPhase = 'waiting' | 'running';
export const taskStateQuery = defineQuery<SendTimeState<TaskPhase>>('state');

type CallTask = (input: CallTaskInput) => Promise<CallTaskResult | AsyncCompletion>;

const { taskTypeSettings } = proxyLocalActivities<ReturnType<typeof createTaskSettingsActivities>>({
  startToCloseTimeout: '10 seconds',
  // A store outage delays the job rather than failing it; an unknown type fails at once (non-retryable).
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/**
 * Calls the app's endpoint for one task: one callTask per attempt on the type's own queue, the type's
 * backoff between attempts (at least the app's Retry-After), until a 2xx or the app's completion, a refusal
 * a retry cannot change, or the last attempt. An attempt the app answers with 202 stays open until the app
 * completes or fails it through the API, reports no progress within the heartbeat timeout, or times out.
 */
export async function runTask(input: RunTaskInput): Promise<RunTaskResult> {
  return reportingClose(() => task(input));
}

async function task(input: RunTaskInput): Promise<RunTaskResult> {
  upsertSearchAttributes([{ key: TASK_TYPE, value: input.type }]);
  const log: TaskAttemptRecord[] = [];
  let phase: TaskPhase = 'waiting';
  let attemptInProgress: number | null = null;
  let nextAttemptAt: string | null = null;
  const sendTime = sendTimeControls({
    sendAt: input.sendAt,
    phase: () => phase,
    noun: 'task',
    notWaitingType: TASK_NOT_WAITING,
  });
  setHandler(taskStateQuery, sendTime.state);
  const state = (): AttemptLoopState<TaskAttemptRecord> => ({ attemptLog: log, attemptInProgress, nextAttemptAt });
  setHandler(attemptLoopStateQuery, state);
  // With the attempt or the timer it issues: listings read it without a query.
  const reportPhase = () => reportAttemptLoop(state(), TASK_ATTEMPT_FAILED);
  const { workflowId: jobId, startTime } = workflowInfo();
  const occurredAt = input.occurredAt ?? startTime.toISOString();

  await sendTime.due();
  phase = 'running';
  const settings = await taskTypeSettings({ type: input.type });
  const failure = (message: string, type: string, cause?: Error): ApplicationFailure => {
    const details: TaskFailureDetails = { statusCode: log.at(-1)?.statusCode, attempts: log.length, attemptLog: log };
    return ApplicationFailure.create({ message, type, nonRetryable: true, details: [details], cause });
  };

  for (let n = 1; ; n++) {
    attemptInProgress = n;
    reportPhase();
    const called = await attempt(settings, { jobId, type: input.type, payload: input.payload, attempt: n, occurredAt });
    attemptInProgress = null;
    log.push(called.record);
    const { record } = called;
    if (record.outcome === 'succeeded') {
      const truncated = called.resultTruncated ? { resultTruncated: true } : {};
      return {
        type: input.type,
        result: called.result ?? null,
        ...truncated,
        statusCode: record.statusCode,
        attempts: log.length,
        attemptLog: log,
      };
    }
    if (called.failure) throw failure(called.failure.message, called.failure.type ?? TASK_REJECTED, called.failure);
    if (record.outcome === 'rejected') throw failure(`The app refused the task: ${describe(record)}`, TASK_REJECTED);
    if (n >= settings.retry.maxAttempts)
      throw failure(`Task not done after ${n} attempts (last: ${describe(record)})`, TASK_RETRIES_EXHAUSTED);
    const delay = taskRetryDelayMs(n, settings.retry, record.retryAfterMs);
    nextAttemptAt = new Date(Date.now() + delay).toISOString();
    reportPhase();
    await sleep(delay);
    nextAttemptAt = null;
  }
}

interface Attempted extends CallTaskResult {
  /** A refusal from the activity or the app that ends the job at once. */
  failure?: ApplicationFailure;
}

/** One attempt, as a record whatever happened; a cancellation of the job is thrown, once the attempt has ended. */
async function attempt(settings: TaskRunSettings, call: CallTaskInput): Promise<Attempted> {
  const startedAt = Date.now();
  const base = { attempt: call.attempt, at: new Date(startedAt).toISOString() };
  const { callTask } = proxyActivities<{ callTask: CallTask }>({
    taskQueue: settings.taskQueue,
    // The API completes or heartbeats an async attempt by this id: one per attempt, so a late answer to an
    // earlier attempt can never complete a later one.
    activityId: `attempt-${call.attempt}`,
    // Above the call's own timeout, which fires first and comes back as a 'retry' attempt.
    startToCloseTimeout: settings.timeoutMs + 5_000,
    heartbeatTimeout: settings.heartbeatTimeoutMs,
    // The workflow owns the retries (its log, the type's policy, Retry-After).
    retry: { maximumAttempts: 1 },
    // A cancelled job ends when the app acknowledges (or the attempt times out), not before it has been told.
    cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  });
  try {
    const done = await callTask(call);
    const async = 'async' in done.record && done.record.async ? { statusCode: 202 } : {};
    return { ...done, record: { ...base, latencyMs: Date.now() - startedAt, ...async, ...done.record } };
  } catch (err) {
    if (isCancellation(err) || CancellationScope.current().consideredCancelled)
      throw new CancelledFailure('Task cancelled', [], err as Error);
    if (!(err instanceof ActivityFailure)) throw err;
    const record: TaskAttemptRecord = {
      ...base,
      latencyMs: Date.now() - startedAt,
      outcome: 'retry',
      error: attemptError(err, settings),
    };
    const cause = err.cause instanceof ApplicationFailure ? err.cause : undefined;
    if (cause?.type === TASK_FAILED_BY_APP && !cause.nonRetryable) return { record };
    if (cause?.nonRetryable) return { record: { ...record, outcome: 'rejected' }, failure: cause };
    return { record };
  }
}

function attemptError(err: ActivityFailure, settings: TaskRunSettings): string {
  const cause = err.cause;
  if (cause instanceof TimeoutFailure) {
    return cause.timeoutType === 'HEARTBEAT'
      ? `no progress reported within the heartbeat timeout (${settings.heartbeatTimeoutMs} ms)`
      : `not done within the type's timeout (${settings.timeoutMs} ms)`;
  }
  return (cause ?? err).message;
}

function describe(record: TaskAttemptRecord): string {
  return (
    [record.statusCode === undefined ? undefined : `HTTP ${record.statusCode}`, record.error]
      .filter(Boolean)
      .join(', ') || record.outcome
  );
}
