// Carries the id of the HTTP request that started a job (memo `requestId`, set by startJob) into the
// workflow's log lines and, as an activity header, into its activities' log lines.
import { defaultPayloadConverter } from '@temporalio/common';
import { type WorkflowInterceptorsFactory, workflowInfo } from '@temporalio/workflow';

export const REQUEST_ID_HEADER = 'requestId';

function requestId(): string | undefined {
  const id = workflowInfo().memo?.requestId;
  return typeof id === 'string' ? id : undefined;
}

/** The activity's headers with the request id added: an activity's and a local activity's alike (an email's first attempt). */
function withRequestId<T extends { headers: Record<string, unknown> }>(input: T): T {
  const id = requestId();
  return id
    ? { ...input, headers: { ...input.headers, [REQUEST_ID_HEADER]: defaultPayloadConverter.toPayload(id) } }
    : input;
}

export const interceptors: WorkflowInterceptorsFactory = () => ({
  outbound: [
    {
      getLogAttributes: (input, next) => next(requestId() ? { ...input, requestId: requestId() } : input),
      scheduleActivity: (input, next) => next(withRequestId(input)),
      scheduleLocalActivity: (input, next) => next(withRequestId(input)),
    },
  ],
});
