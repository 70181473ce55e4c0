import { z } from 'zod';
import { type EmailLimits, emailRequestSchema } from '../email/request-schema';
import { sendAt, startOptions } from '../start-options';

export const MAX_BATCH_RECIPIENTS = 10_000;
/** Messages per second a batch sends at unless it says otherwise: gentle on a provider's default quota. */
export const DEFAULT_BATCH_RATE = 100;
/** One message every 10 s: a chunk of one waits that long inside its activity. */
export const MIN_BATCH_RATE = 0.1;
/** A ceiling on one batch's rate; many batches at once share the workers' SMTP pool. */
export const MAX_BATCH_RATE = 5_000;

/** POST /v1/email-batches: a template, and one message per recipient rendered with that recipient's data. */
export function emailBatchRequestSchema(limits: EmailLimits) {
  // The email request's own fields: the same mailbox rules, subject and body limits.
  const email = emailRequestSchema(limits).shape;
  const recipient = z.strictObject({
    to: email.to.element,
    data: z.record(z.string(), z.json()).default({}),
    /** This recipient waits until then; absent: at once. */
    sendAt: sendAt.optional(),
  });
  return z
    .strictObject({
      template: z
        .strictObject({ subject: email.subject, text: email.text, html: email.html })
        .refine((t) => t.text !== undefined || t.html !== undefined, {
          path: ['text'],
          message: 'text or html is required',
        })
        .optional()
        .describe('The template itself (Liquid); or name a stored one with `templateId`'),
      templateId: z
        .string()
        .min(1)
        .max(128)
        .optional()
        .describe("A stored email template's id or name: copied into the batch when it is accepted"),
      from: email.from,
      replyTo: email.replyTo,
      recipients: z
        .array(recipient)
        .min(1, 'needs at least one recipient')
        .max(MAX_BATCH_RECIPIENTS, `at most ${MAX_BATCH_RECIPIENTS} recipients`),
      ratePerSecond: z
        .number()
        .min(MIN_BATCH_RATE, `at least ${MIN_BATCH_RATE} messages per second`)
        .max(MAX_BATCH_RATE, `at most ${MAX_BATCH_RATE} messages per second`)
        .default(DEFAULT_BATCH_RATE),
      ...startOptions,
    })
    .refine((v) => (v.template === undefined) !== (v.templateId === undefined), {
      path: ['template'],
      message: 'give template or templateId, exactly one',
    });
}

export type EmailBatchRequest = z.output<ReturnType<typeof emailBatchRequestSchema>>;
