import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

const { HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT } = temporal.api.enums.v1.HistoryEventFilterType;

/**
 * Resolves once the job's latest run has closed, or once `signal` aborts (the wait is over, or the HTTP client
 * went away), whichever comes first. The API process waits on Temporal's long poll for the run's close event, no
 * worker is held. A run that continues as new, or a failed job retried meanwhile, is followed to its latest run:
 * "the job" is what GET /v1/jobs/:id describes. Throws WorkflowNotFoundError for an unknown id.
 */
export async function waitForClose(client: Client, id: string, signal: AbortSignal): Promise<void> {
  const namespace = client.options.namespace;
  let { status, runId } = await client.workflow.getHandle(id).describe();
  while (status.name === 'RUNNING' && !signal.aborted) {
    try {
      // Answers when the close event is written, or empty after the server's own long-poll interval (then again).
      const { history } = await client.connection.withAbortSignal(signal, () =>
        client.workflowService.getWorkflowExecutionHistory({
          namespace,
          execution: { workflowId: id, runId },
          waitNewEvent: true,
          historyEventFilterType: HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT,
          skipArchival: true,
        }),
      );
      const close = history?.events?.[0];
      // Closed for good: answered at once, without asking again. Continued as new: on to the next run.
      if (close && !close.workflowExecutionContinuedAsNewEventAttributes) return;
    } catch (err) {
      if (signal.aborted) return;
      throw err;
    }
    ({ status, runId } = await client.workflow.getHandle(id).describe());
  }
}
