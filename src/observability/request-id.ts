import { defaultPayloadConverter } from '@temporalio/common';
import type { ActivityInterceptorsFactory, WorkerInterceptors } from '@temporalio/worker';
import { REQUEST_ID_HEADER } from '../../workflows/request-id-interceptors';

/** Puts the request id a workflow passed in the activity header into every log line of that activity. */
const activityRequestId: ActivityInterceptorsFactory = () => {
  let requestId: unknown;
  return {
    inbound: {
      execute: (input, next) => {
        const header = input.headers[REQUEST_ID_HEADER];
        requestId = header ? defaultPayloadConverter.fromPayload(header) : undefined;
        return next(input);
      },
    },
    outbound: {
      getLogAttributes: (attributes, next) =>
        next(typeof requestId === 'string' ? { ...attributes, requestId } : attributes),
    },
  };
};

/**
 * The worker's interceptors: the request id of the HTTP request that started a job, in its activities' logs (the
 * workflows' half, workflows/request-id-interceptors.ts, is bundled with them: src/temporal/workflow-code.ts).
 */
export const REQUEST_ID_INTERCEPTORS: WorkerInterceptors = {
  activity: [activityRequestId],
};
