import { z } from 'zod';
import { RECIPIENT_STATUSES } from '../../../activities/store';

/** GET /v1/jobs/:id/recipients query parameters. */
export const recipientListQuerySchema = z.strictObject({
  status: z.enum(RECIPIENT_STATUSES as ['pending', 'sent', 'failed']).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a cursor from a previous page')
    .optional(),
});

const time = z.iso.datetime();

export const recipientPageSchema = z.object({
  id: z.string().describe('The batch job'),
  recipients: z.array(
    z.object({
      index: z.int().describe('Its place in the request’s `recipients`'),
      to: z.string(),
      status: z.enum(RECIPIENT_STATUSES as ['pending', 'sent', 'failed']),
      attempts: z.int(),
      messageId: z.string().describe('The same on every attempt and every retry'),
      smtpCode: z.int().nullable().describe('The SMTP reply of the last failed attempt'),
      error: z.string().nullable().describe('The last failed attempt’s error'),
      sendAt: time.nullable(),
      dueAt: time.nullable().describe('While pending: when it is next tried'),
      sentAt: time.nullable(),
    }),
  ),
  nextCursor: z.string().nullable(),
});

export const retriedFailedSchema = z.object({
  id: z.string(),
  requeued: z.int().describe('Failed recipients made pending again'),
  runId: z.string().nullable().describe('The run that sends them (a new one when the batch had closed)'),
});
