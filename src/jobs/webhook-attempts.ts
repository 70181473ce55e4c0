import { type Client, WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { AttemptRecord } from '../../activities/webhooks';
import { attemptsQuery, type DeliverWebhookResult, type DeliveryFailureDetails } from '../../workflows/deliver-webhook';
import { WEBHOOK_TRANSIENT_FAILURE } from '../../workflows/shared/failure-types';
import { ownAttemptsOf } from './own-attempts';

/**
 * The attempt log of a webhook job: from the result or the failure once it has closed (no worker
 * needed), from the workflow's `attempts` query while it runs or when it was cancelled.
 */
export async function webhookAttempts(client: Client, jobId: string): Promise<AttemptRecord[]> {
  const handle = client.workflow.getHandle(jobId);
  const { status } = await handle.describe();
  if (status.name === 'COMPLETED') return ((await handle.result()) as DeliverWebhookResult).attemptLog;
  if (status.name === 'FAILED') {
    const failure = await handle.result().then(
      () => undefined,
      (err: unknown) => (err instanceof WorkflowFailedError ? err.cause : undefined),
    );
    const details =
      failure instanceof ApplicationFailure ? (failure.details?.[0] as DeliveryFailureDetails | undefined) : undefined;
    if (details?.attemptLog) return details.attemptLog;
  }
  return handle.query(attemptsQuery);
}

/** A running delivery's own attempts for the job view. */
export const webhookOwnAttempts = ownAttemptsOf(WEBHOOK_TRANSIENT_FAILURE);
