import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import type { EmailBatchStore } from '../../../activities/store';
import { recipientsRequeuedSignal, sendEmailBatch } from '../../../workflows/send-email-batch';
import type { EmailRetryPolicy } from '../../../workflows/send-email';

export interface RetriedFailed {
  /** Failed recipients made pending again. */
  requeued: number;
  /** The run that sends them: the batch's own while it runs; a new run of the job once it has closed. */
  runId?: string;
}

/**
 * "Retry the failed recipients" as one action: makes them pending again (due now, same Message-IDs), then tells
 * the batch, which sends them with whatever else is pending. A batch that has closed gets a new run of the same
 * job (its memo names the run it follows, as a retry's does): signal-with-start either wakes the run under way
 * or starts one, so a batch closing just then is not missed.
 */
export async function retryFailedRecipients(
  client: Client,
  batches: EmailBatchStore,
  id: string,
  retry: EmailRetryPolicy,
): Promise<RetriedFailed> {
  const current = await client.workflow.getHandle(id).describe();
  const requeued = await batches.requeueFailed(id, new Date().toISOString());
  if (requeued === 0) return { requeued };
  if (current.status.name === 'RUNNING') {
    try {
      await client.workflow.getHandle(id).signal(recipientsRequeuedSignal);
      return { requeued, runId: current.runId };
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
  }
  const started = await client.workflow.signalWithStart(sendEmailBatch, {
    workflowId: id,
    taskQueue: current.taskQueue,
    args: [{ batchId: id, retry }],
    signal: recipientsRequeuedSignal,
    signalArgs: [],
    priority: current.priority,
    typedSearchAttributes: current.typedSearchAttributes,
    memo: { ...current.memo, retryOf: current.runId },
    staticSummary: await current.staticSummary(),
    staticDetails: await current.staticDetails(),
    workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
  });
  return { requeued, runId: started.signaledRunId };
}
