import Router from '@koa/router';
import type { Client } from '@temporalio/client';
import type { EndpointView } from '../../../activities/webhooks';
import { WEBHOOK_ENDPOINT_ID } from '../../../workflows/shared/search-attributes';
import type { WebhookConfig } from '../../config';
import { acceptedJob } from '../../jobs/accepted-job';
import { makeIdempotentJobId, makeJobId } from '../../jobs/ids';
import { describeJob, type JobLinkBuilder } from '../../jobs/job-view';
import { sendTime } from '../../jobs/send-time';
import { startJob } from '../../jobs/start-job';
import { deliverWebhookInput } from '../../jobs/webhook-job';
import { webhookAttempts } from '../../jobs/webhook-attempts';
import type { Store } from '../../store/open-store';
import { ConflictError, HttpError, NotFoundError, ValidationError } from '../errors';
import { idempotencyKey } from '../idempotency-key';
import { type WebhookRequest, webhookRequestSchema } from '../schemas/webhook';
import { validate } from '../validate';

export interface WebhooksRouterDeps {
  client: Client;
  taskQueue: string;
  links: JobLinkBuilder;
  store: Store;
  webhooks: WebhookConfig;
}

/** POST /v1/webhooks (one job per endpoint, linked by a message id) and the attempt log of a job. */
export function createWebhooksRouter(deps: WebhooksRouterDeps): Router {
  const router = new Router({ prefix: '/v1/webhooks' });
  const w = deps.webhooks;

  router.post('/', async (ctx) => {
    const key = idempotencyKey(ctx);
    const body = validate(webhookRequestSchema, ctx.request.body);
    const payloadBytes = Buffer.byteLength(JSON.stringify(body.payload));
    if (payloadBytes > w.maxPayloadBytes) {
      const message = `is ${payloadBytes} bytes of JSON, more than ${w.maxPayloadBytes}`;
      throw new HttpError(413, 'Payload too large', `payload: ${message}`, { errors: [{ field: 'payload', message }] });
    }
    const endpoints = await targets(deps.store, body);
    const messageId = key ? makeIdempotentJobId('msg', key) : makeJobId('msg');
    const sendAt = sendTime(body);
    // The event occurred when it was accepted: one timestamp for every endpoint it goes to.
    const occurredAt = new Date();
    const started = await Promise.all(
      endpoints.map(async (endpoint) => {
        const jobId = key ? makeIdempotentJobId('webhook', `${key}\n${endpoint.id}`) : makeJobId('webhook');
        const input = deliverWebhookInput({ taskQueue: deps.taskQueue, messageId, endpointId: endpoint.id, event: body.event, payload: body.payload, occurredAt, headers: body.headers, sendAt }, w);
        // The memo is shown in listings: the payload may hold personal data, its size does not.
        const summary = { messageId, event: body.event, endpointId: endpoint.id, payloadBytes };
        const { runId, replayed } = await startJob(deps.client, deps.taskQueue, {
          kind: 'webhook',
          workflowType: 'deliverWebhook',
          jobId,
          args: [input],
          inputSummary: summary,
          scheduledFor: sendAt,
          tags: body.tags,
          searchAttributes: [{ key: WEBHOOK_ENDPOINT_ID, value: endpoint.id }],
          requestId: ctx.state.requestId,
          idempotentRequest: key ? ctx.request.body : undefined,
        });
        const job = replayed
          ? await describeJob(deps.client, jobId, deps.links)
          : acceptedJob({ id: jobId, kind: 'webhook', runId, scheduledFor: sendAt, input: summary, links: deps.links });
        return { job, replayed };
      }),
    );
    ctx.status = 202;
    if (started.length === 1) ctx.set('Location', started[0]!.job.links.self);
    if (started.length > 0 && started.every((s) => s.replayed)) ctx.set('Idempotent-Replayed', 'true');
    ctx.body = { messageId, event: body.event, jobs: started.map((s) => s.job) };
  });

  router.get('/:id/attempts', async (ctx) => {
    const id = ctx.params.id!;
    if (!id.startsWith('webhook-')) throw new NotFoundError(`no webhook job with id ${id}`);
    ctx.body = { id, attempts: await webhookAttempts(deps.client, id) };
  });
  return router;
}

/** The named endpoint (which must exist and be enabled), or every enabled endpoint subscribed to the event. */
export async function targets(store: Store, body: WebhookRequest): Promise<EndpointView[]> {
  if (body.endpointId === undefined) return store.webhookEndpoints.subscribedTo(body.event);
  const endpoint = await store.webhookEndpoints.get(body.endpointId);
  if (!endpoint) throw new ValidationError([{ field: 'endpointId', message: `no webhook endpoint with id ${body.endpointId}` }]);
  if (!endpoint.enabled) throw new ConflictError(`webhook endpoint ${endpoint.id} is disabled (${endpoint.disabledReason})`);
  return [endpoint];
}
