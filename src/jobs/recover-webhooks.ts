import type { Client } from '@temporalio/client';
import { SEQUENCE_ID, WEBHOOK_ENDPOINT_ID } from '../../workflows/shared/search-attributes';
import { JobNotRetryableError, retryJob } from './retry-job';

export interface Recovery {
  /** Failed deliveries started again (retried), under their own job ids. */
  recovered: string[];
  /** Failed runs whose job has run again since (running or delivered now). */
  skipped: string[];
}

/** Retries every delivery to `endpointId` that was accepted since `since` and failed (the jobs retry machinery, per job). */
export async function recoverWebhookDeliveries(client: Client, endpointId: string, since: Date): Promise<Recovery> {
  // The id goes into a visibility query: only the store's own id format gets there.
  if (!/^ep_[0-9a-z]+$/.test(endpointId)) throw new RangeError(`not a webhook endpoint id: ${endpointId}`);
  const query = [
    "WorkflowType = 'deliverWebhook'",
    "ExecutionStatus = 'Failed'",
    `${WEBHOOK_ENDPOINT_ID.name} = '${endpointId}'`,
    // A sequence's webhook step is redelivered by retrying its sequence, which resumes at that step.
    `${SEQUENCE_ID.name} IS NULL`,
    `StartTime >= '${since.toISOString()}'`,
  ].join(' AND ');
  // A job retried before and failed again lists one run per failure: retry it once.
  const ids = new Set<string>();
  for await (const execution of client.workflow.list({ query })) ids.add(execution.workflowId);
  const recovery: Recovery = { recovered: [], skipped: [] };
  for (const id of [...ids].sort()) {
    try {
      await retryJob(client, id);
      recovery.recovered.push(id);
    } catch (err) {
      if (!(err instanceof JobNotRetryableError)) throw err;
      recovery.skipped.push(id);
    }
  }
  return recovery;
}
