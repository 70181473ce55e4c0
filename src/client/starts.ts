import { type Api, answer, callInit } from './api-call';
import type { Answer, AuditEvent, CallOptions, EmailRequest, Job, Query, TaskOptions, WebhookRequest } from './types';

type WebhookAnswer = Answer<'/v1/webhooks', 'post'> & { messageId: string; event: string; jobs: Job[] };

/** The calls that start jobs (emails, webhooks, tasks) and record audit events; each answers 202 at once. */
export function startResources(api: Api) {
  return {
    emails: {
      /** Sends (or schedules, with `sendAt`/`delay`) an email; answers the job, not its outcome: see jobs.wait(). */
      send: async (email: EmailRequest, options?: CallOptions): Promise<Job> =>
        (await answer(api.POST('/v1/emails', { body: email, ...callInit(options) }))) as Job,
    },
    webhooks: {
      /** One job per endpoint the event goes to: to `endpointId`, or to every enabled endpoint subscribed to it. */
      send: async (webhook: WebhookRequest, options?: CallOptions): Promise<WebhookAnswer> =>
        (await answer(api.POST('/v1/webhooks', { body: webhook, ...callInit(options) }))) as WebhookAnswer,
    },
    tasks: {
      /** A job that calls the endpoint of the registered task type `type` with `payload`. */
      enqueue: async (type: string, payload: unknown, options: CallOptions & TaskOptions = {}): Promise<Job> => {
        const { idempotencyKey, signal, ...start } = options;
        const body = { ...start, type, payload };
        return (await answer(
          api.POST('/v1/tasks/{type}', { params: { path: { type } }, body, ...callInit({ idempotencyKey, signal }) }),
        )) as Job;
      },
    },
    audit: {
      record: (event: AuditEvent, options?: CallOptions): Promise<Answer<'/v1/audit-events', 'post'>> =>
        answer(api.POST('/v1/audit-events', { body: event, ...callInit(options) })),
      /** Newest first, a page at a time. */
      list: (query: Query<'/v1/audit-events', 'get'> = {}, options?: CallOptions) =>
        answer(api.GET('/v1/audit-events', { params: { query }, ...callInit(options) })),
    },
  };
}
