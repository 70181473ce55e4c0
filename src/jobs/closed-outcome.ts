import { type Client, WorkflowFailedError, type WorkflowExecutionInfo } from '@temporalio/client';
import { type JobError, summariseFailure } from './job-error';

/** The result or failure of a closed run; nothing for a running one. */
export async function closedOutcome(
  run: Pick<WorkflowExecutionInfo, 'status'>,
  result: () => Promise<unknown>,
): Promise<{ result?: unknown; error?: unknown }> {
  if (run.status.name === 'RUNNING') return {};
  try {
    return { result: await result() };
  } catch (err) {
    return { error: err instanceof WorkflowFailedError ? (err.cause ?? err) : err };
  }
}

/** What one closed run failed with, summarised as the job view's lastError; null for a run that did not fail. */
export async function closedRunError(
  client: Client,
  run: Pick<WorkflowExecutionInfo, 'workflowId' | 'runId' | 'status'>,
): Promise<JobError | null> {
  const { error } = await closedOutcome(run, () => client.workflow.getHandle(run.workflowId, run.runId).result());
  return summariseFailure(error) ?? null;
}
