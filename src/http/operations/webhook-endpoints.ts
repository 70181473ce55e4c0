// The routes of webhook endpoints: where webhook jobs deliver, and their health.
import {
  recoveryAnswerSchema,
  webhookEndpointListSchema,
  webhookEndpointSchema,
  webhookEndpointWithSecretSchema,
} from '../schemas/responses/webhook-endpoints';
import {
  endpointCreateSchema,
  endpointPatchSchema,
  recoverSchema,
  rotateSecretSchema,
} from '../schemas/webhook-endpoint';
import { accepted, conflict, created, NO_CONTENT, ok, op, type Operation } from './operation';

export const WEBHOOK_ENDPOINT_OPERATIONS: Readonly<Record<string, Operation>> = {
  'POST /v1/webhook-endpoints': op(
    'createWebhookEndpoint',
    ['webhooks:admin'],
    'Add a webhook endpoint (answers its secret once)',
    { responses: created(webhookEndpointWithSecretSchema), body: (d) => endpointCreateSchema(d.webhooks.allowList) },
  ),
  'GET /v1/webhook-endpoints': op('listWebhookEndpoints', ['webhooks:admin'], 'List webhook endpoints', {
    responses: ok(webhookEndpointListSchema),
  }),
  'GET /v1/webhook-endpoints/:id': op('getWebhookEndpoint', ['webhooks:admin'], 'One webhook endpoint', {
    responses: ok(webhookEndpointSchema),
  }),
  'PATCH /v1/webhook-endpoints/:id': op('updateWebhookEndpoint', ['webhooks:admin'], 'Change a webhook endpoint', {
    responses: ok(webhookEndpointSchema),
    body: (d) => endpointPatchSchema(d.webhooks.allowList),
  }),
  'DELETE /v1/webhook-endpoints/:id': op('deleteWebhookEndpoint', ['webhooks:admin'], 'Remove a webhook endpoint', {
    responses: NO_CONTENT,
  }),
  'POST /v1/webhook-endpoints/:id/rotate-secret': op(
    'rotateWebhookEndpointSecret',
    ['webhooks:admin'],
    'Rotate the signing secret (answers the new one once)',
    { responses: ok(webhookEndpointWithSecretSchema), body: () => rotateSecretSchema },
  ),
  'POST /v1/webhook-endpoints/:id/recover': op(
    'recoverWebhookDeliveries',
    ['webhooks:admin'],
    'Deliver again what failed since a time',
    {
      responses: {
        ...accepted(recoveryAnswerSchema, 'The failed deliveries run again'),
        ...conflict('The endpoint is disabled'),
      },
      body: () => recoverSchema,
    },
  ),
};
