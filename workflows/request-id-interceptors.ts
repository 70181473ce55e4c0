// Carries the id of the HTTP request that started a job (memo `requestId`, set by startJob) into the
// workflow's log lines and, as an activity header, into its activities' log lines.
import { defaultPayloadConverter } from '@temporalio/common';
import { type WorkflowInterceptorsFactory, workflowInfo } from '@temporalio/workflow';

export const REQUEST_ID_HEADER = 'requestId';

function requestId(): string | undefined {
  const id = workflowInfo().memo?.requestId;
  return typeof id === 'string' ? id : undefined;
}

export const interceptors: WorkflowInterceptorsFactory = () => ({
  outbound: [
    {
      getLogAttributes: (input, next) => next(requestId() ? { ...input, requestId: requestId() } : input),
      scheduleActivity: (input, next) => {
        const id = requestId();
        return next(
          id
            ? { ...input, headers: { ...input.headers, [REQUEST_ID_HEADER]: defaultPayloadConverter.toPayload(id) } }
            : input,
        );
      },
    },
  ],
});
