import { z } from 'zod';
import type { AuditConfig, EmailConfig } from '../../config';
import { auditEventSchema } from './audit-event';
import { jobPriority, jobTags } from './common';
import { emailRequestSchema } from './email';
import { webhookRequestSchema } from './webhook';

// A step runs when the sequence reaches it: its own sendAt or delay would be ambiguous.
const noTiming = (v: { sendAt?: unknown; delay?: unknown }) => v.sendAt === undefined && v.delay === undefined;
const timingMessage = { message: 'a step runs when the sequence reaches it: no sendAt or delay here', path: ['sendAt'] };

/** POST /v1/sequences: each step's `input` is exactly what that kind's own endpoint accepts. */
export function sequenceRequestSchema(limits: { email: EmailConfig; audit: Pick<AuditConfig, 'maxDetailBytes'> }) {
  const continueOnError = z.boolean().optional();
  const step = z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('email'), continueOnError, input: emailRequestSchema(limits.email).refine(noTiming, timingMessage) }),
    z.strictObject({
      type: z.literal('webhook'),
      continueOnError,
      input: webhookRequestSchema.refine(noTiming, timingMessage).refine((v) => v.endpointId !== undefined, { path: ['endpointId'], message: 'a sequence step delivers to one endpoint: endpointId is required' }),
    }),
    z.strictObject({ type: z.literal('audit'), continueOnError, input: auditEventSchema(limits.audit) }),
  ]);
  return z.strictObject({
    steps: z.array(step).min(1, 'needs at least one step').max(20, 'at most 20 steps'),
    tags: jobTags,
    priority: jobPriority,
  });
}

export type SequenceRequest = z.infer<ReturnType<typeof sequenceRequestSchema>>;
