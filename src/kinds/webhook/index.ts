import type { z } from 'zod';
import type { EndpointView } from '../../../activities/store';
import { deliverWebhook } from '../../../workflows/deliver-webhook';
import { fanOutWebhook, type FanOutWebhookInput } from '../../../workflows/fan-out-webhook';
import type { SequenceStep } from '../../../workflows/run-sequence';
import { webhookLine } from '../../../workflows/shared/summary-lines';
import { WEBHOOK_ENDPOINT_ID } from '../../../workflows/shared/search-attributes';
import { sendTime } from '../../jobs/send-time';
import { webhookOwnAttempts } from '../../jobs/webhook-attempts';
import { type JobKind, type KindDeps, plannedJob, startRoute } from '../kind';
import { InvalidStartError, StartConflictError, StartTooLargeError } from '../start-errors';
import { refuseTiming } from '../start-options';
import { waitControls } from '../wait-controls';
import { type WebhookRequest, webhookRequestSchema } from './request-schema';
import { deliverWebhookInput, webhookDelivery, webhookRequestOf } from './webhook-job';

const stepSchema = refuseTiming(
  webhookRequestSchema,
  'a step runs when the sequence reaches it: no sendAt or delay here (use a wait step)',
).refine((v) => v.endpointId !== undefined, {
  path: ['endpointId'],
  message: 'a sequence step delivers to one endpoint: endpointId is required',
});

/**
 * An event delivered to webhook endpoints: one job per endpoint, linked by a message id. A schedule's runs
 * each fan out (fanOutWebhook) to the endpoints subscribed when the run starts, or to the one it names.
 */
export const webhookKind: JobKind = {
  name: 'webhook',
  workflow: deliverWebhook,
  summaryLine: (s) => webhookLine(s as { event: string; endpointId?: string }),
  attemptActivities: ['postWebhook'],
  rateLimit: (deps) => deps.webhooks.activitiesPerSecond,
  start: startRoute<WebhookRequest>({
    path: '/v1/webhooks',
    operationId: 'sendWebhook',
    summary: 'Deliver an event to webhook endpoints',
    schema: () => webhookRequestSchema,
    plan: async (body, deps, ctx) => {
      const payloadBytes = checkPayloadSize(body, deps);
      const messageId = ctx.jobIdFor('msg');
      const scheduledFor = sendTime(body);
      // The event occurred when it was accepted: one timestamp for every endpoint it goes to.
      const occurredAt = new Date();
      const jobs = (await targets(deps, body)).map((endpoint) =>
        plannedJob(
          deliverWebhook,
          [
            deliverWebhookInput(
              {
                taskQueue: ctx.taskQueue,
                messageId,
                endpointId: endpoint.id,
                event: body.event,
                payload: body.payload,
                occurredAt,
                headers: body.headers,
                sendAt: scheduledFor,
              },
              deps.webhooks,
            ),
          ],
          {
            jobId: ctx.jobIdFor('webhook', endpoint.id),
            // The memo is shown in listings: the payload may hold personal data, its size does not.
            summary: { messageId, event: body.event, endpointId: endpoint.id, payloadBytes },
            scheduledFor,
            tags: body.tags,
            searchAttributes: [{ key: WEBHOOK_ENDPOINT_ID, value: endpoint.id }],
          },
        ),
      );
      return { jobs, answer: (started) => ({ messageId, event: body.event, jobs: started }) };
    },
  }),
  controls: waitControls,
  ownAttempts: webhookOwnAttempts,
  reportsPhase: true,
  schedule: {
    workflow: fanOutWebhook,
    input: (deps) =>
      payloadWithin(refuseTiming(webhookRequestSchema, 'is decided by the schedule: leave it out'), deps),
    start: (input, deps, taskQueue) => {
      const body = input as WebhookRequest;
      const endpoint = body.endpointId === undefined ? {} : { endpointId: body.endpointId };
      const args: Parameters<typeof fanOutWebhook> = [
        { ...endpoint, delivery: webhookDelivery({ taskQueue, ...body }, deps.webhooks) },
      ];
      return {
        args,
        summary: { event: body.event, ...endpoint, payloadBytes: payloadBytes(body.payload) },
        tags: body.tags,
        priority: body.priority,
      };
    },
    inputOf: ([args], tags, priority) => {
      const { endpointId, delivery } = args as FanOutWebhookInput;
      return {
        ...webhookRequestOf(delivery, endpointId),
        ...(tags?.length ? { tags } : {}),
        ...(priority ? { priority } : {}),
      };
    },
  },
  step: {
    input: () => stepSchema,
    scheduledInput: (deps) => payloadWithin(stepSchema, deps),
    check: async (input, deps) => {
      checkPayloadSize(input as WebhookRequest, deps);
      await targets(deps, input as WebhookRequest);
    },
    build: (input, deps, { taskQueue, childId }) => {
      const body = input as WebhookRequest;
      return {
        type: 'webhook',
        childId,
        input: deliverWebhookInput(
          {
            taskQueue,
            messageId: childId,
            endpointId: body.endpointId!,
            event: body.event,
            payload: body.payload,
            headers: body.headers,
          },
          deps.webhooks,
        ),
      };
    },
    inputOf: (step) => {
      const { input } = step as Extract<SequenceStep, { type: 'webhook' }>;
      return webhookRequestOf(input, input.endpointId);
    },
  },
};

const payloadBytes = (payload: unknown): number => Buffer.byteLength(JSON.stringify(payload));
const tooLarge = (bytes: number, deps: KindDeps): string | undefined =>
  bytes > deps.webhooks.maxPayloadBytes
    ? `is ${bytes} bytes of JSON, more than ${deps.webhooks.maxPayloadBytes}`
    : undefined;

/** A request the API accepts now: a payload over the limit is a 413. */
function checkPayloadSize(body: WebhookRequest, deps: KindDeps): number {
  const bytes = payloadBytes(body.payload);
  const problem = tooLarge(bytes, deps);
  if (problem) throw new StartTooLargeError('payload', problem);
  return bytes;
}

/** A schedule's input, checked whole before anything runs (also from the schedules file): a payload over the limit is a 400. */
function payloadWithin<S extends z.ZodType<{ payload?: unknown }>>(schema: S, deps: KindDeps): S {
  return schema.superRefine((v, ctx) => {
    const problem = tooLarge(payloadBytes(v.payload), deps);
    if (problem) ctx.addIssue({ code: 'custom', path: ['payload'], message: problem });
  }) as unknown as S;
}

/** The named endpoint (which must exist and be enabled), or every enabled endpoint subscribed to the event. */
async function targets(deps: KindDeps, body: WebhookRequest): Promise<EndpointView[]> {
  const store = deps.store!.webhookEndpoints;
  if (body.endpointId === undefined) return store.subscribedTo(body.event);
  const endpoint = await store.get(body.endpointId);
  if (!endpoint) throw new InvalidStartError('endpointId', `no webhook endpoint with id ${body.endpointId}`);
  if (!endpoint.enabled)
    throw new StartConflictError(`webhook endpoint ${endpoint.id} is disabled (${endpoint.disabledReason})`);
  return [endpoint];
}
