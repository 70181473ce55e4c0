import { z } from 'zod';

const time = z.iso.datetime();

export const auditAcceptedSchema = z.object({ status: z.literal('accepted'), id: z.string(), at: time });

export const auditBatchAcceptedSchema = z.object({
  status: z.literal('accepted'),
  count: z.int(),
  events: z.array(z.object({ id: z.string(), at: time })),
});

/** A recorded event (activities/store/audit's AuditEvent), in its place in the hash chain. */
export const auditEventSchema = z
  .object({
    seq: z.int(),
    id: z.string(),
    actor: z.string(),
    action: z.string(),
    resource: z.string(),
    at: time,
    detail: z.unknown(),
    recordedAt: time,
    prevHash: z.string(),
    hash: z.string(),
  })
  .meta({ id: 'AuditEvent' });

export const auditPageSchema = z.object({
  events: z.array(auditEventSchema).describe('Newest recorded first'),
  nextCursor: z.string().nullable(),
});

const chainPoint = { seq: z.int(), hash: z.string() };

/** GET /v1/audit-events/verify (activities/store/audit's VerifyResult). */
export const auditVerificationSchema = z.object({
  intact: z.boolean(),
  count: z.int().describe('Rows this call verified'),
  complete: z.boolean().describe('The walk reached the head'),
  head: z
    .object({ ...chainPoint, at: time })
    .nullable()
    .describe('Keep it elsewhere; pass it back as `anchor`'),
  next: z.string().nullable().describe('Pass as `after` to verify the next page'),
  brokenAt: z.object({ seq: z.int(), id: z.string() }).optional(),
  reason: z.string().optional(),
  anchor: z.object({ ...chainPoint, status: z.enum(['matches', 'truncated', 'rewritten']) }).optional(),
});
