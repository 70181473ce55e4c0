import {
  ActivityFailure,
  ApplicationFailure,
  defineQuery,
  isCancellation,
  proxyActivities,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { AttemptRecord } from '../activities/webhooks/attempt-record';
import type { WebhookJobActivities } from '../activities/webhooks/endpoint-activities';
import {
  WEBHOOK_ENDPOINT_GONE,
  WEBHOOK_ENDPOINT_UNAVAILABLE,
  WEBHOOK_NOT_WAITING,
  WEBHOOK_REJECTED,
  WEBHOOK_RETRIES_EXHAUSTED,
  WEBHOOK_TRANSIENT_FAILURE,
} from './shared/failure-types';
import { type AttemptLoopState, attemptLoopStateQuery } from './shared/attempt-loop';
import { reportAttemptLoop, reportingClose } from './shared/job-phase';
import { type SendTimeState, sendTimeControls } from './shared/send-time-controls';
import { nextDelayMs } from './shared/webhook-schedule';

export interface DeliverWebhookInput {
  /**
   * Shared by the jobs of one POST /v1/webhooks or one run of a webhook schedule (a fan-out); webhook-id is
   * the job id. Absent (a step of a schedule's sequence, whose runs share one input): the job id.
   */
  messageId?: string;
  endpointId: string;
  event: string;
  payload: unknown;
  /**
   * When the event occurred (ISO 8601): when the API accepted it. The body's `timestamp`, kept by a
   * retry of the job. Absent (sequence steps, inputs from before the field): when this run started.
   */
  occurredAt?: string;
  headers?: Record<string, string>;
  /** ISO time of the first attempt; absent means now. */
  sendAt?: string;
  /** Delay before each attempt in ms (the first is usually 0); absent: DEFAULT_RETRY_SCHEDULE_MS. */
  retryScheduleMs?: number[];
  /** No attempt starts later than this after the first one. */
  deadlineMs: number;
  /** The HTTP client's whole-attempt timeout; the activity's own timeout sits above it. */
  attemptTimeoutMs: number;
  /**
   * The task queue postWebhook runs on: the webhook kind's own queue while WEBHOOK_ACTIVITIES_PER_SECOND
   * is set when the job was accepted, rate-limited across all workers. Absent: the job's own task queue.
   */
  activityTaskQueue?: string;
}

export interface DeliverWebhookResult {
  messageId: string;
  endpointId: string;
  event: string;
  statusCode?: number;
  attempts: number;
  attemptLog: AttemptRecord[];
}

/** details[0] of the failure a delivery ends with: the job view reads statusCode as lastError.code. */
export interface DeliveryFailureDetails {
  statusCode?: number;
  attempts: number;
  attemptLog: AttemptRecord[];
}

/** Every attempt so far, while it runs and after. */
export const attemptsQuery = defineQuery<AttemptRecord[]>('attempts');

/** Where a running delivery stands: the attempt loop's state, with the webhook's attempt records. */
export type DeliveryState = AttemptLoopState<AttemptRecord>;

export type WebhookPhase = 'waiting' | 'delivering';
/** Whether it still waits for `sendAt`, and until when: what reschedule and sendNow answer. */
export const webhookStateQuery = defineQuery<SendTimeState<WebhookPhase>>('state');

/**
 * Delivers one event to one endpoint: one postWebhook per attempt, on the retry schedule (with
 * jitter, at least the receiver's Retry-After), until a 2xx, a refusal a retry cannot change, the
 * end of the schedule or the deadline, or the endpoint being disabled.
 */
export async function deliverWebhook(input: DeliverWebhookInput): Promise<DeliverWebhookResult> {
  return reportingClose(() => delivery(input));
}

async function delivery(input: DeliverWebhookInput): Promise<DeliverWebhookResult> {
  const log: AttemptRecord[] = [];
  let phase: WebhookPhase = 'waiting';
  const sendTime = sendTimeControls({
    sendAt: input.sendAt,
    phase: () => phase,
    noun: 'webhook',
    notWaitingType: WEBHOOK_NOT_WAITING,
  });
  setHandler(webhookStateQuery, sendTime.state);
  let attemptInProgress: number | null = null;
  let nextAttemptAt: string | null = null;
  setHandler(attemptsQuery, () => log);
  const state = (): DeliveryState => ({ attemptLog: log, attemptInProgress, nextAttemptAt });
  setHandler(attemptLoopStateQuery, state);
  // With each command the loop issues (a timer, an attempt, its verdict): listings read it without a query.
  const reportPhase = () => reportAttemptLoop(state(), WEBHOOK_TRANSIENT_FAILURE);
  const { endpointId } = input;
  const { workflowId: jobId, startTime } = workflowInfo();
  const messageId = input.messageId ?? jobId;
  // From the input or the history, so every attempt and every replay signs the same body.
  const occurredAt = input.occurredAt ?? startTime.toISOString();

  const { postWebhook } = proxyActivities<WebhookJobActivities>({
    // Undefined keeps the workflow's own queue: histories from before the field replay unchanged.
    taskQueue: input.activityTaskQueue,
    // Above the HTTP client's own timeout, which fires first and comes back as a 'retry' attempt.
    startToCloseTimeout: input.attemptTimeoutMs + 10_000,
    // It heartbeats every second: a lost worker is noticed in seconds, and cancellation reaches it.
    heartbeatTimeout: '10 seconds',
    // HTTP outcomes are returned, never thrown; what is thrown is a lost worker, a timeout or a store
    // outage. A few quick retries cover those; after them the attempt counts as failed.
    retry: { maximumAttempts: 3, initialInterval: '1 second', backoffCoefficient: 2 },
  });
  const { recordWebhookAttempt } = proxyActivities<WebhookJobActivities>({
    startToCloseTimeout: '30 seconds',
    // A store outage delays the verdict rather than losing the endpoint's health: retry until it is back.
    retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
  });

  const failure = (message: string, type: string, cause?: Error): ApplicationFailure => {
    const details: DeliveryFailureDetails = {
      statusCode: log.at(-1)?.statusCode,
      attempts: log.length,
      attemptLog: log,
    };
    return ApplicationFailure.create({ message, type, nonRetryable: true, details: [details], cause });
  };

  const attempt = async (n: number): Promise<AttemptRecord> => {
    try {
      return await postWebhook({
        jobId,
        endpointId,
        event: input.event,
        payload: input.payload,
        occurredAt,
        headers: input.headers,
        attempt: n,
      });
    } catch (err) {
      if (isCancellation(err) || !(err instanceof ActivityFailure)) throw err;
      const cause = err.cause instanceof ApplicationFailure ? err.cause : undefined;
      const record: AttemptRecord = {
        attempt: n,
        at: new Date().toISOString(),
        latencyMs: 0,
        outcome: 'retry',
        error: (err.cause ?? err).message,
      };
      // Refused by the SSRF policy, or the endpoint is gone or disabled: the same on every attempt.
      if (cause?.nonRetryable) {
        log.push({ ...record, outcome: 'rejected' });
        throw failure(cause.message, cause.type ?? WEBHOOK_ENDPOINT_UNAVAILABLE, err);
      }
      // The activity's own retries are spent (worker lost, timeouts): a failed attempt like any other.
      return record;
    }
  };

  // A cancellation while waiting (here or between attempts) ends the job as cancelled. Waiting undisturbed
  // makes the same timer as the sleep it replaced, so histories from before the controls replay unchanged.
  await sendTime.due();
  phase = 'delivering';
  const firstAttemptAt = Date.now();

  for (let index = 0; ; index++) {
    const delay = nextDelayMs(index, {
      schedule: input.retryScheduleMs,
      random: Math.random,
      retryAfterMs: log.at(-1)?.retryAfterMs,
    });
    if (delay === undefined || Date.now() + delay > firstAttemptAt + input.deadlineMs) {
      const why =
        delay === undefined ? 'the retry schedule is exhausted' : 'the next attempt would start after the deadline';
      throw failure(
        `Webhook not delivered after ${log.length} attempts: ${why} (last: ${describe(log.at(-1))})`,
        WEBHOOK_RETRIES_EXHAUSTED,
      );
    }
    if (delay > 0) {
      nextAttemptAt = new Date(Date.now() + delay).toISOString();
      reportPhase();
      await sleep(delay);
      nextAttemptAt = null;
    }
    attemptInProgress = index + 1;
    reportPhase();
    const record = await attempt(index + 1);
    attemptInProgress = null;
    log.push(record);
    reportPhase();
    const health = await recordWebhookAttempt({ endpointId, outcome: record.outcome, at: record.at });
    switch (record.outcome) {
      case 'delivered':
        return {
          messageId,
          endpointId,
          event: input.event,
          statusCode: record.statusCode,
          attempts: log.length,
          attemptLog: log,
        };
      case 'gone':
        throw failure(`Webhook endpoint ${endpointId} answered 410 Gone; it is disabled`, WEBHOOK_ENDPOINT_GONE);
      case 'rejected':
        // A 4xx (other than 408/425/429) or a redirect: the receiver would answer a retry the same way.
        throw failure(`Webhook receiver refused the delivery: ${describe(record)}`, WEBHOOK_REJECTED);
      case 'retry':
        if (!health.enabled)
          throw failure(
            `Webhook endpoint ${endpointId} was disabled (${health.disabledReason ?? 'deleted'}) after ${describe(record)}`,
            WEBHOOK_ENDPOINT_UNAVAILABLE,
          );
    }
  }
}

function describe(record: AttemptRecord | undefined): string {
  if (record === undefined) return 'no attempt';
  return (
    [record.statusCode === undefined ? undefined : `HTTP ${record.statusCode}`, record.error]
      .filter(Boolean)
      .join(', ') || record.outcome
  );
}
