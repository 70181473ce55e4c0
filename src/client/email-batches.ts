import { type Api, answer, callInit } from './api-call';
import type { Answer, Body, CallOptions, Job, Query } from './types';

export type EmailBatchRequest = Body<'/v1/email-batches', 'post'>;
export type RecipientQuery = Query<'/v1/jobs/{id}/recipients', 'get'>;

/** Email batches: one template to up to 10,000 recipients as one job, its recipients' results and its controls. */
export function emailBatchResources(api: Api) {
  const control = (action: '/v1/jobs/{id}/pause' | '/v1/jobs/{id}/resume') => (id: string, options?: CallOptions) =>
    answer(api.POST(action, { params: { path: { id } }, ...callInit(options) }));
  return {
    /** Checks every recipient's data against the template, stores the batch and starts its job; answers the job. */
    send: async (batch: EmailBatchRequest, options?: CallOptions): Promise<Job> =>
      (await answer(api.POST('/v1/email-batches', { body: batch, ...callInit(options) }))) as Job,
    /** A page of the batch's recipients, in request order: `status`, `limit`, `cursor`. */
    recipients: (id: string, query: RecipientQuery = {}, options?: CallOptions) =>
      answer(api.GET('/v1/jobs/{id}/recipients', { params: { path: { id }, query }, ...callInit(options) })),
    /** Stops after the chunk under way; answers the progress. */
    pause: control('/v1/jobs/{id}/pause'),
    resume: control('/v1/jobs/{id}/resume'),
    /** Sends the failed recipients again, with their Message-IDs. */
    retryFailed: (
      id: string,
      options?: CallOptions,
    ): Promise<Answer<'/v1/jobs/{id}/recipients/retry-failed', 'post'>> =>
      answer(api.POST('/v1/jobs/{id}/recipients/retry-failed', { params: { path: { id } }, ...callInit(options) })),
  };
}
