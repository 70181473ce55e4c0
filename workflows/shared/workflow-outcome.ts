import { CancellationScope, isCancellation, TemporalFailure } from '@temporalio/workflow';
import type { WorkflowOutcome } from './job-metrics-sinks';

/** How the SDK closes the run for this error (its handleWorkflowFailure); undefined: it does not (continue-as-new, a task failure). */
export function outcomeOf(error: unknown): WorkflowOutcome | undefined {
  if (isCancellation(error) && CancellationScope.current().consideredCancelled) return 'cancelled';
  return error instanceof TemporalFailure ? 'failed' : undefined;
}
