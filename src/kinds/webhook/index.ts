import type { EndpointView } from '../../../activities/webhooks';
import { deliverWebhook } from '../../../workflows/deliver-webhook';
import { WEBHOOK_ENDPOINT_ID } from '../../../workflows/shared/search-attributes';
import { sendTime } from '../../jobs/send-time';
import { type JobKind, type KindDeps, plannedJob, startRoute } from '../kind';
import { InvalidStartError, StartConflictError, StartTooLargeError } from '../start-errors';
import { refuseTiming } from '../start-options';
import { waitControls } from '../wait-controls';
import { type WebhookRequest, webhookRequestSchema } from './request-schema';
import { deliverWebhookInput } from './webhook-job';

/** An event delivered to webhook endpoints: one job per endpoint, linked by a message id. */
export const webhookKind: JobKind = {
  name: 'webhook',
  workflow: deliverWebhook,
  attemptActivities: ['postWebhook'],
  rateLimit: (deps) => deps.webhooks.activitiesPerSecond,
  start: startRoute<WebhookRequest>({
    path: '/v1/webhooks',
    summary: 'Deliver an event to webhook endpoints',
    schema: () => webhookRequestSchema,
    plan: async (body, deps, ctx) => {
      const payloadBytes = checkPayloadSize(body, deps);
      const messageId = ctx.jobIdFor('msg');
      const scheduledFor = sendTime(body);
      // The event occurred when it was accepted: one timestamp for every endpoint it goes to.
      const occurredAt = new Date();
      const jobs = (await targets(deps, body)).map((endpoint) =>
        plannedJob(deliverWebhook, [deliverWebhookInput({ taskQueue: ctx.taskQueue, messageId, endpointId: endpoint.id, event: body.event, payload: body.payload, occurredAt, headers: body.headers, sendAt: scheduledFor }, deps.webhooks)], {
          jobId: ctx.jobIdFor('webhook', endpoint.id),
          // The memo is shown in listings: the payload may hold personal data, its size does not.
          summary: { messageId, event: body.event, endpointId: endpoint.id, payloadBytes },
          scheduledFor,
          tags: body.tags,
          searchAttributes: [{ key: WEBHOOK_ENDPOINT_ID, value: endpoint.id }],
        }),
      );
      return { jobs, answer: (started) => ({ messageId, event: body.event, jobs: started }) };
    },
  }),
  controls: waitControls,
  step: {
    input: () =>
      refuseTiming(webhookRequestSchema, 'a step runs when the sequence reaches it: no sendAt or delay here (use a wait step)').refine((v) => v.endpointId !== undefined, {
        path: ['endpointId'],
        message: 'a sequence step delivers to one endpoint: endpointId is required',
      }),
    build: async (input, deps, { taskQueue, childId }) => {
      const body = input as WebhookRequest;
      checkPayloadSize(body, deps);
      const [endpoint] = await targets(deps, body);
      return { type: 'webhook', childId, input: deliverWebhookInput({ taskQueue, messageId: childId, endpointId: endpoint!.id, event: body.event, payload: body.payload, headers: body.headers }, deps.webhooks) };
    },
  },
};

function checkPayloadSize(body: WebhookRequest, deps: KindDeps): number {
  const payloadBytes = Buffer.byteLength(JSON.stringify(body.payload));
  const max = deps.webhooks.maxPayloadBytes;
  if (payloadBytes > max) throw new StartTooLargeError('payload', `is ${payloadBytes} bytes of JSON, more than ${max}`);
  return payloadBytes;
}

/** The named endpoint (which must exist and be enabled), or every enabled endpoint subscribed to the event. */
async function targets(deps: KindDeps, body: WebhookRequest): Promise<EndpointView[]> {
  const store = deps.store!.webhookEndpoints;
  if (body.endpointId === undefined) return store.subscribedTo(body.event);
  const endpoint = await store.get(body.endpointId);
  if (!endpoint) throw new InvalidStartError('endpointId', `no webhook endpoint with id ${body.endpointId}`);
  if (!endpoint.enabled) throw new StartConflictError(`webhook endpoint ${endpoint.id} is disabled (${endpoint.disabledReason})`);
  return [endpoint];
}
