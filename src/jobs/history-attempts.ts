import type { Client } from '@temporalio/client';
import type { LoadedDataConverter } from '@temporalio/common/lib/converter/data-converter';
import {
  decodeFromPayloadsAtIndex,
  decodeOptionalFailureToOptionalError,
} from '@temporalio/common/lib/internal-non-workflow';
import { optionalTsToMs } from '@temporalio/common/lib/time';
import type { temporal } from '@temporalio/proto';
import { summariseFailure } from './job-error';
import { type LocalActivityAttempt, localActivityAttempt } from './local-activity-marker';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/**
 * One activity of a run as its history records it: Temporal writes a started event for its last attempt only; a
 * local activity (an email's first attempt) writes one marker once it has resolved.
 */
interface ActivityExecution {
  attempt: number;
  startedMs: number;
  closedMs?: number;
  outcome: HistoryAttempt['outcome'];
  result?: temporal.api.common.v1.IPayloads | null;
  failure?: temporal.api.failure.v1.IFailure | null;
}

/** The activities of the given types that started, in history order, each with how it ended. */
async function activityExecutions(
  client: Client,
  id: string,
  runId: string | undefined,
  activityTypes: readonly string[],
): Promise<ActivityExecution[]> {
  const converter = client.workflow.options.loadedDataConverter;
  const history = await client.workflow.getHandle(id, runId).fetchHistory();
  const typeOfScheduled = new Map<string, string>();
  const bySchedule = new Map<string, { started: HistoryEvent; closed?: HistoryEvent }>();
  const executions: (ActivityExecution | string)[] = [];
  for (const event of history.events ?? []) {
    const local = await localActivityAttempt(converter, event);
    if (local && activityTypes.includes(local.activityType)) executions.push(fromLocal(local));
    const scheduled = event.activityTaskScheduledEventAttributes;
    if (scheduled) typeOfScheduled.set(String(event.eventId), scheduled.activityType?.name ?? '');
    const scheduledId = String(
      (
        event.activityTaskStartedEventAttributes ??
        event.activityTaskCompletedEventAttributes ??
        event.activityTaskFailedEventAttributes ??
        event.activityTaskTimedOutEventAttributes ??
        event.activityTaskCanceledEventAttributes
      )?.scheduledEventId ?? '',
    );
    if (!activityTypes.includes(typeOfScheduled.get(scheduledId) ?? '')) continue;
    if (event.activityTaskStartedEventAttributes) {
      bySchedule.set(scheduledId, { started: event });
      executions.push(scheduledId);
    } else if (bySchedule.has(scheduledId)) bySchedule.get(scheduledId)!.closed = event;
  }
  return executions.map((e) => (typeof e === 'string' ? fromEvents(bySchedule.get(e)!) : e));
}

function fromEvents({ started, closed }: { started: HistoryEvent; closed?: HistoryEvent }): ActivityExecution {
  const closedMs = optionalTsToMs(closed?.eventTime);
  return {
    attempt: started.activityTaskStartedEventAttributes?.attempt ?? 1,
    startedMs: optionalTsToMs(started.eventTime) ?? 0,
    ...(closedMs !== undefined ? { closedMs } : {}),
    outcome: closed?.activityTaskCompletedEventAttributes
      ? 'succeeded'
      : closed?.activityTaskFailedEventAttributes
        ? 'failed'
        : closed?.activityTaskTimedOutEventAttributes
          ? 'timed_out'
          : closed?.activityTaskCanceledEventAttributes
            ? 'cancelled'
            : 'running',
    result: closed?.activityTaskCompletedEventAttributes?.result,
    failure: closed?.activityTaskFailedEventAttributes?.failure ?? closed?.activityTaskTimedOutEventAttributes?.failure,
  };
}

function fromLocal(local: LocalActivityAttempt): ActivityExecution {
  return {
    attempt: local.attempt,
    startedMs: local.scheduledMs ?? local.completedMs ?? 0,
    ...(local.completedMs !== undefined ? { closedMs: local.completedMs } : {}),
    outcome: local.failure ? 'failed' : 'succeeded',
    result: local.result,
    failure: local.failure,
  };
}

/**
 * How many attempts a closed run made at its side effects, from its history: for each activity of the given
 * types, the attempt number its started event (or its local activity marker) records. A run cancelled or failed
 * mid-attempt counts it.
 */
export async function historyAttempts(
  client: Client,
  id: string,
  runId: string,
  activityTypes: readonly string[],
): Promise<number> {
  if (activityTypes.length === 0) return 0;
  const executions = await activityExecutions(client, id, runId, activityTypes);
  return executions.reduce((sum, e) => sum + e.attempt, 0);
}

export interface HistoryAttempt {
  attempt: number;
  /** When the attempt started, ISO 8601. */
  at: string;
  outcome: 'succeeded' | 'failed' | 'timed_out' | 'cancelled' | 'running';
  /** The protocol code: the SMTP reply's (from its `response` text when it succeeded), a failure's smtpCode or statusCode. */
  statusCode?: string | number;
  /** A successful attempt's server reply (`250 2.0.0 Ok: queued`), where its result carries one. */
  response?: string;
  error?: string;
  latencyMs?: number;
}

/**
 * The last attempt of each of a run's activities of the given types (an email's smtpSend), as its history
 * records it; earlier attempts of the same activity are not in the history, only counted by its number.
 */
export async function historyAttemptLog(
  client: Client,
  id: string,
  activityTypes: readonly string[],
): Promise<HistoryAttempt[]> {
  const converter = client.workflow.options.loadedDataConverter;
  const executions = await activityExecutions(client, id, undefined, activityTypes);
  // Numbered across the job: an email's retries are activities of their own (attempt 1 each) after its local first.
  let before = 0;
  const numbered = executions.map((e) => {
    const attempt = before + e.attempt;
    before = attempt;
    return { ...e, attempt };
  });
  return Promise.all(numbered.map((e) => attemptOf(converter, e)));
}

async function attemptOf(converter: LoadedDataConverter, e: ActivityExecution): Promise<HistoryAttempt> {
  const base = {
    attempt: e.attempt,
    at: new Date(e.startedMs).toISOString(),
    ...(e.closedMs !== undefined ? { latencyMs: e.closedMs - e.startedMs } : {}),
  };
  if (e.outcome === 'succeeded') {
    const result = await decodeFromPayloadsAtIndex<{ response?: unknown }>(converter, 0, e.result?.payloads).catch(
      () => undefined,
    );
    const response = typeof result?.response === 'string' ? result.response : undefined;
    const code = response?.match(/^\d{3}/)?.[0];
    return {
      ...base,
      outcome: 'succeeded',
      ...(code ? { statusCode: Number(code) } : {}),
      ...(response ? { response } : {}),
    };
  }
  const error = summariseFailure(
    await decodeOptionalFailureToOptionalError(converter, e.failure ?? undefined).catch(() => undefined),
  );
  return {
    ...base,
    outcome: e.outcome,
    ...(error?.code !== undefined ? { statusCode: error.code } : {}),
    ...(error ? { error: error.message } : {}),
  };
}
