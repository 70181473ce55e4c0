// callTask: exactly one signed call of the app's endpoint for a task job. The runTask workflow owns
// the retries and the attempt log, so every HTTP-level outcome is returned, not thrown.
import { performance } from 'node:perf_hooks';
import { ApplicationFailure, CompleteAsyncError } from '@temporalio/activity';
import { activityContext } from '../activity-context';
import { TASK_SECRET_UNREADABLE, TASK_TARGET_FORBIDDEN, TASK_TYPE_UNKNOWN } from '../../workflows/shared/failure-types';
import { webhookBody } from '../webhooks/envelope';
import type { WebhookHttpClient, WebhookResponse } from '../webhooks/http-client';
import { buildRequestHeaders } from '../webhooks/request-headers';
import { parseRetryAfter } from '../webhooks/retry-after';
import { buildSignatureHeaders } from '../webhooks/signature';
import { describeTransportError, findTargetForbidden } from '../webhooks/transport-error';
import type { WebhookTargetForbiddenError } from '../webhooks/webhook-target-forbidden-error';
import type { CallTaskInput, CallTaskResult, TaskAttemptRecord } from './task-attempt';
import { checkTaskUrl } from './task-origins';
import { TaskSecretUnreadableError } from '../store/task-types/task-secret-unreadable-error';
import { classifyTaskStatus, isAsyncAcceptance, responseSnippet, taskResult } from './task-response';
import type { TaskType, TaskTypeStore } from './task-type';

export type { CallTaskInput, CallTaskResult, TaskAttemptOutcome, TaskAttemptRecord } from './task-attempt';

export interface TaskCallActivityDeps {
  /** One per worker: createTaskHttpClient(config.tasks). */
  client: WebhookHttpClient;
  types: Pick<TaskTypeStore, 'get'>;
  /** Every secret that signs now, the current one first. */
  secrets: () => Promise<string[]>;
  /** TASK_ALLOWED_ORIGINS as it is now: a type registered under an origin since removed is refused. */
  allowedOrigins: readonly string[];
  /** Milliseconds since the epoch; signs webhook-timestamp and stamps the record. Default Date.now. */
  now?: () => number;
  userAgent?: string;
}

const DEFAULT_USER_AGENT = 'Afterward-Tasks/1';
const HEARTBEAT_INTERVAL_MS = 1_000;

// Both answer the same on every attempt until someone edits the type or the settings, so retrying would not help.
async function usableType(deps: TaskCallActivityDeps, name: string): Promise<TaskType> {
  const type = await deps.types.get(name);
  if (!type)
    throw ApplicationFailure.nonRetryable(`Task type ${name} does not exist`, TASK_TYPE_UNKNOWN, { type: name });
  const refusal = checkTaskUrl(type.url, deps.allowedOrigins, deps.client.allow);
  if (refusal)
    throw ApplicationFailure.nonRetryable(
      `Task type ${name} URL ${type.url} refused: ${refusal}`,
      TASK_TARGET_FORBIDDEN,
      { type: name, url: type.url },
    );
  return type;
}

// The keys are the same until someone changes PAYLOAD_KEYS or TASK_SIGNING_SECRET and restarts: then retry the job.
async function signingSecrets(deps: TaskCallActivityDeps): Promise<string[]> {
  try {
    return await deps.secrets();
  } catch (err) {
    if (err instanceof TaskSecretUnreadableError)
      throw ApplicationFailure.nonRetryable(err.message, TASK_SECRET_UNREADABLE, { keyId: err.keyId });
    throw err;
  }
}

function forbiddenMessage({ hostname, address, reason }: WebhookTargetForbiddenError): string {
  const target =
    hostname === address ? `Task target ${address} is` : `Task target ${hostname} resolves to ${address}, which is`;
  return `${target} forbidden by the SSRF policy (${reason}); list it in TASK_ALLOW_LIST if it is your app's`;
}

/** What the app answered, as the attempt's record and, for a 2xx, the job's result. */
function answered(
  response: WebhookResponse,
  base: Pick<TaskAttemptRecord, 'attempt' | 'at' | 'latencyMs'>,
  nowMs: number,
): CallTaskResult {
  const outcome = classifyTaskStatus(response.statusCode);
  const record: TaskAttemptRecord = { ...base, outcome, statusCode: response.statusCode };
  if (response.snippet) record.responseSnippet = responseSnippet(response.snippet);
  if (outcome === 'succeeded') return { record, ...taskResult(response) };
  if (outcome === 'retry') {
    const retryAfterMs = parseRetryAfter(response.headers['retry-after'], nowMs);
    if (retryAfterMs !== undefined) record.retryAfterMs = retryAfterMs;
  }
  if (response.statusCode >= 300 && response.statusCode < 400) {
    record.error = `Redirect to ${String(response.headers.location ?? '(no location)')} not followed`;
  }
  return { record };
}

export function createTaskCallActivities(deps: TaskCallActivityDeps) {
  const { client, now = Date.now, userAgent = DEFAULT_USER_AGENT } = deps;

  async function callTask(input: CallTaskInput): Promise<CallTaskResult> {
    const context = activityContext();
    const type = await usableType(deps, input.type);
    const secrets = await signingSecrets(deps);
    const startedAt = now();
    const body = webhookBody({ type: input.type, timestamp: input.occurredAt, data: input.payload });
    const signature = buildSignatureHeaders(input.jobId, Math.floor(startedAt / 1000), body, secrets);
    const headers = buildRequestHeaders(
      { 'afterward-job-id': input.jobId, 'afterward-attempt': String(input.attempt) },
      signature,
      userAgent,
    );
    const base = { attempt: input.attempt, at: new Date(startedAt).toISOString() };
    const timeout = AbortSignal.timeout(type.timeoutMs);
    const signal = context ? AbortSignal.any([timeout, context.cancellationSignal]) : timeout;
    const started = performance.now();
    const latency = () => Math.round(performance.now() - started);
    // Cancellation reaches an activity only through heartbeats.
    const heartbeat = context && setInterval(() => context.heartbeat(), HEARTBEAT_INTERVAL_MS);

    let response: WebhookResponse;
    try {
      response = await client.post(new URL(type.url), headers, body, signal);
    } catch (error) {
      const forbidden = findTargetForbidden(error);
      // The policy answers the same on every attempt until the operator changes TASK_ALLOW_LIST.
      if (forbidden) {
        throw ApplicationFailure.nonRetryable(forbiddenMessage(forbidden), TASK_TARGET_FORBIDDEN, {
          type: input.type,
          hostname: forbidden.hostname,
          address: forbidden.address,
          reason: forbidden.reason,
        });
      }
      if (context?.cancellationSignal.aborted) throw context.cancellationSignal.reason ?? error;
      const message = timeout.aborted ? `No response within ${type.timeoutMs / 1000} s` : describeTransportError(error);
      return { record: { ...base, latencyMs: latency(), outcome: 'retry', error: message } };
    } finally {
      clearInterval(heartbeat);
    }
    // Temporal keeps the activity open until the API completes it for the app.
    if (isAsyncAcceptance(response)) throw new CompleteAsyncError();
    return answered(response, { ...base, latencyMs: latency() }, now());
  }

  return { callTask };
}

export type TaskCallActivities = ReturnType<typeof createTaskCallActivities>;
