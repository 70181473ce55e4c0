import { z } from 'zod';
import { MAX_PAGE_SIZE, parseChainPoint } from '../../activities/store';
import { canonicalJson } from '../../activities/store';
import { normaliseTimestamp } from '../../activities/store';
import type { AuditConfig } from '../config';

const text = (max: number) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string') })
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`);

// The store's own parser, so what passes here is what the store accepts.
const timestamp = z
  .string()
  .refine(
    (v) => normaliseTimestamp(v) !== undefined,
    'must be an ISO 8601 time with a zone, e.g. 2030-01-01T09:00:00Z',
  );

/** One event of POST /v1/audit-events (and of each `events[i]` of the batch form). */
export function auditEventSchema(limits: Pick<AuditConfig, 'maxDetailBytes'>) {
  return z.strictObject({
    id: z
      .string()
      .regex(/^[\x21-\x7e]{1,128}$/, 'must be 1-128 visible ASCII characters')
      .optional(),
    actor: text(256),
    action: text(128),
    resource: text(512),
    at: timestamp.optional(),
    detail: z
      .unknown()
      .refine(
        (detail) => Buffer.byteLength(canonicalJson(detail ?? null, 'detail')) <= limits.maxDetailBytes,
        `is larger than ${limits.maxDetailBytes} bytes`,
      )
      .optional(),
  });
}

export type AuditEventRequest = z.infer<ReturnType<typeof auditEventSchema>>;

/** POST /v1/audit-events/batch. Ids repeated within one batch are refused: one of them would be silently dropped. */
export function auditBatchSchema(limits: Pick<AuditConfig, 'maxDetailBytes' | 'maxBatchEvents'>) {
  return z
    .strictObject({
      events: z
        .array(auditEventSchema(limits))
        .min(1, 'needs at least one event')
        .max(limits.maxBatchEvents, `at most ${limits.maxBatchEvents} events`),
    })
    .superRefine(({ events }, ctx) => {
      const first = new Map<string, number>();
      events.forEach((event, index) => {
        if (event.id === undefined) return;
        const earlier = first.get(event.id);
        if (earlier === undefined) first.set(event.id, index);
        else ctx.addIssue({ code: 'custom', path: ['events', index, 'id'], message: `repeats events[${earlier}].id` });
      });
    });
}

const queryParameters = {
  actor: text(256).optional(),
  action: text(128).optional(),
  resource: text(512).optional(),
  from: timestamp.optional(),
  to: timestamp.optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE, `must be at most ${MAX_PAGE_SIZE}`).optional(),
  cursor: z.string().optional(),
};

export const AUDIT_QUERY_PARAMETERS: readonly string[] = Object.keys(queryParameters);

/** GET /v1/audit-events: filters, time range and cursor pagination. */
export const auditQuerySchema = z.strictObject(queryParameters);

export const DEFAULT_VERIFY_LIMIT = 10_000;
export const MAX_VERIFY_LIMIT = 100_000;

// `<seq>:<hash>` as verify answers it (`next`, `head`), parsed by the store's own parser.
const chainPoint = z.string().transform((text, ctx) => {
  const point = parseChainPoint(text);
  if (point === undefined)
    ctx.addIssue({
      code: 'custom',
      message: 'must be <seq>:<hash>, a row number from 1 and its 64 hex digit SHA-256, e.g. 120:9f86d0…',
    });
  return point ?? z.NEVER;
});

/** GET /v1/audit-events/verify: a page of the chain (`after`, `limit`) and an anchor kept elsewhere. */
export const auditVerifyQuerySchema = z.strictObject({
  anchor: chainPoint
    .describe('`<seq>:<hash>` of a head kept elsewhere: the chain must still hold that row with that hash')
    .optional(),
  after: chainPoint
    .describe('`<seq>:<hash>`: verify from the row after this one (`next` of the previous page)')
    .optional(),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_VERIFY_LIMIT, `must be at most ${MAX_VERIFY_LIMIT}`)
    .default(DEFAULT_VERIFY_LIMIT),
});
