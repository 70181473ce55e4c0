import { z } from 'zod';

const time = z.iso.datetime();

/** activities/store/webhook-endpoints' EndpointView: never a secret. */
export const webhookEndpointSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    description: z.string().nullable(),
    eventTypes: z.array(z.string()).nullable().describe('The event types it receives; null: every event'),
    enabled: z.boolean(),
    createdAt: time,
    updatedAt: time,
    failingSince: time.nullable().describe('Start of the current run of failed attempts'),
    disabledAt: time.nullable(),
    disabledReason: z.enum(['gone', 'failing', 'manual']).nullable(),
    previousSecretExpiresAt: time.nullable().describe('Until when a replaced secret still signs deliveries'),
  })
  .meta({ id: 'WebhookEndpoint' });

/** At creation and rotation only: the signing secret, once. */
export const webhookEndpointWithSecretSchema = webhookEndpointSchema
  .extend({ secret: z.string().describe('`whsec_…`: keep it, it is not shown again') })
  .meta({ id: 'WebhookEndpointWithSecret' });

export const webhookEndpointListSchema = z.object({ endpoints: z.array(webhookEndpointSchema) });

export const recoveryAnswerSchema = z.object({
  endpointId: z.string(),
  since: z.string(),
  recovered: z.array(z.string()).describe('Failed deliveries started again, by job id'),
  skipped: z.array(z.string()).describe('Failed runs whose job has run again since'),
});
