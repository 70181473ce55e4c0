// Tells webhook endpoints when a job closes: job.succeeded, job.failed or job.cancelled (workflows/shared/job-events.ts).
// Around every job's execute, on its way out, it starts the event's publisher as a child the job abandons, in a
// scope no cancellation reaches, and returns or throws what the job did: the event never changes the job's outcome.
import {
  CancellationScope,
  log,
  ParentClosePolicy,
  patched,
  proxyLocalActivities,
  startChild,
  type WorkflowExecuteInput,
  type WorkflowInterceptorsFactory,
  workflowInfo,
} from '@temporalio/workflow';
import { publishJobEvent } from './publish-job-event';
import { summariseFailure } from './shared/failure-summary';
import {
  isJobEventType,
  type JobEventActivities,
  JOB_EVENTS_ID_PREFIX,
  type JobNotify,
  jobEventType,
  NOTIFY_MEMO,
} from './shared/job-events';
import type { WorkflowOutcome } from './shared/job-metrics-sinks';
import { reportedAttempts } from './shared/reported-attempts';
import { JOB_TAGS, ownJobKind } from './shared/search-attributes';
import { internalMetadata } from './shared/workflow-metadata';
import { outcomeOf } from './shared/workflow-outcome';

/** Histories from before job events close without one: replaying them starts no publisher. */
export const JOB_EVENTS_PATCH = 'job-events';

/** A delivery of a job event is a webhook job too: telling of its close would tell of itself, without end. */
const deliversJobEvent = (input: WorkflowExecuteInput): boolean =>
  isJobEventType((input.args[0] as { event?: unknown } | undefined)?.event);

// In the worker, no task queue between: most jobs close with nobody to tell, and this is all they pay for it.
const { jobEventWanted } = proxyLocalActivities<JobEventActivities>({
  startToCloseTimeout: '5 seconds',
  retry: { maximumAttempts: 3, initialInterval: '100 milliseconds' },
});

async function publish(outcome: WorkflowOutcome, kind: string, report: { result?: unknown; error?: unknown }) {
  if (!patched(JOB_EVENTS_PATCH)) return;
  const info = workflowInfo();
  const closedAt = new Date();
  const notify = info.memo?.[NOTIFY_MEMO] as JobNotify | undefined;
  const event = jobEventType(outcome);
  // Unsure (the store did not answer): the publisher decides, retrying as long as it takes.
  const wanted =
    notify?.endpointId !== undefined ||
    (await CancellationScope.nonCancellable(() => jobEventWanted({ event, id: info.workflowId, kind })).catch(
      () => true,
    ));
  if (!wanted) return;
  try {
    await CancellationScope.nonCancellable(() =>
      startChild(publishJobEvent, {
        workflowId: `${JOB_EVENTS_ID_PREFIX}${info.runId}`,
        parentClosePolicy: ParentClosePolicy.ABANDON,
        ...internalMetadata(`publishes ${event} of ${info.workflowId}`, {
          job: info.workflowId,
          run: info.runId,
          event,
          'notify endpoint': notify?.endpointId,
        }),
        args: [
          {
            event,
            data: {
              id: info.workflowId,
              runId: info.runId,
              kind,
              status: outcome,
              attempts: reportedAttempts(report),
              lastError: summariseFailure(report.error) ?? null,
              createdAt: info.startTime.toISOString(),
              closedAt: closedAt.toISOString(),
              durationMs: closedAt.getTime() - info.startTime.getTime(),
              tags: info.typedSearchAttributes.get(JOB_TAGS) ?? [],
            },
            ...(notify?.endpointId ? { notifyEndpointId: notify.endpointId } : {}),
          },
        ],
      }),
    );
  } catch (err) {
    // The job's outcome stands whatever happens to its event (a publisher that could not start).
    log.warn('job event not published', { outcome, error: String(err) });
  }
}

export const interceptors: WorkflowInterceptorsFactory = () => ({
  inbound: [
    {
      execute: async (input, next) => {
        // Workflows without a kind of their own are no jobs (a sequence's steps, the publishers); the publisher leaves
        // out internal ones.
        const kind = ownJobKind(workflowInfo().typedSearchAttributes);
        if (kind === undefined || deliversJobEvent(input)) return next(input);
        let result: unknown;
        try {
          result = await next(input);
        } catch (error) {
          const outcome = outcomeOf(error);
          if (outcome) await publish(outcome, kind, { error });
          throw error;
        }
        await publish('succeeded', kind, { result });
        return result;
      },
    },
  ],
});
