import { type Client, WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { AttemptRecord } from '../../activities/webhooks/attempt-record';
import { attemptsQuery, type DeliverWebhookResult, type DeliveryFailureDetails, type DeliveryState, deliveryStateQuery } from '../../workflows/deliver-webhook';
import { WEBHOOK_TRANSIENT_FAILURE } from '../../workflows/shared/failure-types';
import type { OwnAttempts } from '../kinds/kind';
import type { JobError } from './job-error';

/** How long a job view waits for a worker to answer the delivery-state query before doing without it. */
export const DELIVERY_STATE_QUERY_TIMEOUT_MS = 3_000;

/**
 * The attempt log of a webhook job: from the result or the failure once it has closed (no worker
 * needed), from the workflow's `attempts` query while it runs or when it was cancelled.
 */
export async function webhookAttempts(client: Client, jobId: string): Promise<AttemptRecord[]> {
  const handle = client.workflow.getHandle(jobId);
  const { status } = await handle.describe();
  if (status.name === 'COMPLETED') return ((await handle.result()) as DeliverWebhookResult).attemptLog;
  if (status.name === 'FAILED') {
    const failure = await handle.result().then(() => undefined, (err: unknown) => (err instanceof WorkflowFailedError ? err.cause : undefined));
    const details = failure instanceof ApplicationFailure ? (failure.details?.[0] as DeliveryFailureDetails | undefined) : undefined;
    if (details?.attemptLog) return details.attemptLog;
  }
  return handle.query(attemptsQuery);
}

/**
 * Where a running webhook job stands (attempt log, attempt under way, next attempt due), from the
 * workflow's `deliveryState` query. A query needs a worker: with none answering within the timeout
 * (or a worker older than the query), undefined.
 */
export async function webhookDeliveryState(client: Client, jobId: string, timeoutMs = DELIVERY_STATE_QUERY_TIMEOUT_MS): Promise<DeliveryState | undefined> {
  try {
    return await client.withDeadline(Date.now() + timeoutMs, () => client.workflow.getHandle(jobId).query(deliveryStateQuery));
  } catch {
    return undefined;
  }
}

/** A running delivery's own attempts for the job view: made so far, the last one's failure while another is due. */
export async function webhookOwnAttempts(client: Client, jobId: string): Promise<OwnAttempts | undefined> {
  const state = await webhookDeliveryState(client, jobId);
  if (!state) return undefined;
  const last = state.attemptLog.at(-1);
  return {
    attempts: state.attemptLog.length + (state.attemptInProgress === null ? 0 : 1),
    ...(last?.outcome === 'retry' ? { lastError: attemptError(last) } : {}),
    ...(state.nextAttemptAt ? { nextAttemptAt: state.nextAttemptAt } : {}),
  };
}

/** A failed attempt as the job view's lastError: its status code as `code`. */
function attemptError(record: AttemptRecord): JobError {
  const what = [record.statusCode === undefined ? undefined : `HTTP ${record.statusCode}`, record.error].filter(Boolean).join(', ') || record.outcome;
  return {
    message: `Attempt ${record.attempt} failed: ${what}`,
    type: WEBHOOK_TRANSIENT_FAILURE,
    ...(record.statusCode !== undefined ? { code: record.statusCode } : {}),
    nonRetryable: false,
  };
}
