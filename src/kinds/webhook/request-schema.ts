import { z } from 'zod';
import { isReservedHeader } from '../../../activities/webhooks';
import { RESERVED_EVENT_PREFIX } from '../../../workflows/shared/job-events';
import { ONE_TIMING_AT_MOST, oneTimingAtMost, startOptions, waitOptions } from '../start-options';

export const eventType = z.string().regex(/^[A-Za-z0-9_.:-]{1,128}$/, 'must be 1-128 letters, digits or _ . : -');

const headerName = z
  .string()
  .regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}$/, 'must be a header field name')
  .refine((name) => !isReservedHeader(name), 'is set by Afterward and cannot be overridden');
const headerValue = z
  .string()
  .max(1000)
  .regex(/^[\t\x20-\x7e]*$/, 'must be printable ASCII without line breaks');

/** POST /v1/webhooks. The payload's size is checked apart, to answer 413 rather than 400. */
export const webhookRequestSchema = z
  .strictObject({
    event: eventType.refine(
      (event) => !event.startsWith(RESERVED_EVENT_PREFIX),
      `${RESERVED_EVENT_PREFIX}* events are Afterward's own (a job closed): send another type`,
    ),
    payload: z.json(),
    endpointId: z.string().max(64).optional(),
    headers: z
      .record(headerName, headerValue)
      .refine((h) => Object.keys(h).length <= 20, 'at most 20 headers')
      .optional(),
    ...waitOptions,
    ...startOptions,
  })
  .refine(oneTimingAtMost, ONE_TIMING_AT_MOST);

export type WebhookRequest = z.infer<typeof webhookRequestSchema>;
