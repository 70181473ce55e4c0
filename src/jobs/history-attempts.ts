import type { Client } from '@temporalio/client';
import type { LoadedDataConverter } from '@temporalio/common/lib/converter/data-converter';
import {
  decodeFromPayloadsAtIndex,
  decodeOptionalFailureToOptionalError,
} from '@temporalio/common/lib/internal-non-workflow';
import { optionalTsToMs } from '@temporalio/common/lib/time';
import type { temporal } from '@temporalio/proto';
import { summariseFailure } from './job-error';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** One activity of a run as its history records it: Temporal writes a started event for its last attempt only. */
interface ActivityExecution {
  started: HistoryEvent;
  closed?: HistoryEvent;
}

/** The activities of the given types that started, in history order, each with the event that closed it. */
async function activityExecutions(
  client: Client,
  id: string,
  runId: string | undefined,
  activityTypes: readonly string[],
): Promise<ActivityExecution[]> {
  const history = await client.workflow.getHandle(id, runId).fetchHistory();
  const typeOfScheduled = new Map<string, string>();
  const bySchedule = new Map<string, ActivityExecution>();
  for (const event of history.events ?? []) {
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
    if (event.activityTaskStartedEventAttributes) bySchedule.set(scheduledId, { started: event });
    else if (bySchedule.has(scheduledId)) bySchedule.get(scheduledId)!.closed = event;
  }
  return [...bySchedule.values()];
}

/**
 * How many attempts a closed run made at its side effects, from its history: for each activity of the given
 * types, the attempt number its started event records. A run cancelled or failed mid-attempt counts it.
 */
export async function historyAttempts(
  client: Client,
  id: string,
  runId: string,
  activityTypes: readonly string[],
): Promise<number> {
  if (activityTypes.length === 0) return 0;
  const executions = await activityExecutions(client, id, runId, activityTypes);
  return executions.reduce((sum, e) => sum + (e.started.activityTaskStartedEventAttributes?.attempt ?? 1), 0);
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
  return Promise.all(executions.map((e) => attemptOf(converter, e)));
}

async function attemptOf(
  converter: LoadedDataConverter,
  { started, closed }: ActivityExecution,
): Promise<HistoryAttempt> {
  const startedMs = optionalTsToMs(started.eventTime) ?? 0;
  const closedMs = optionalTsToMs(closed?.eventTime);
  const base = {
    attempt: started.activityTaskStartedEventAttributes?.attempt ?? 1,
    at: new Date(startedMs).toISOString(),
    ...(closedMs !== undefined ? { latencyMs: closedMs - startedMs } : {}),
  };
  const completed = closed?.activityTaskCompletedEventAttributes;
  if (completed) {
    const result = await decodeFromPayloadsAtIndex<{ response?: unknown }>(
      converter,
      0,
      completed.result?.payloads,
    ).catch(() => undefined);
    const response = typeof result?.response === 'string' ? result.response : undefined;
    const code = response?.match(/^\d{3}/)?.[0];
    return {
      ...base,
      outcome: 'succeeded',
      ...(code ? { statusCode: Number(code) } : {}),
      ...(response ? { response } : {}),
    };
  }
  const failure =
    closed?.activityTaskFailedEventAttributes?.failure ??
    closed?.activityTaskTimedOutEventAttributes?.failure ??
    undefined;
  const error = summariseFailure(await decodeOptionalFailureToOptionalError(converter, failure).catch(() => undefined));
  const outcome = closed?.activityTaskFailedEventAttributes
    ? 'failed'
    : closed?.activityTaskTimedOutEventAttributes
      ? 'timed_out'
      : closed?.activityTaskCanceledEventAttributes
        ? 'cancelled'
        : 'running';
  return {
    ...base,
    outcome,
    ...(error?.code !== undefined ? { statusCode: error.code } : {}),
    ...(error ? { error: error.message } : {}),
  };
}
