import { z } from 'zod';
import { MAX_SCHEDULE_AHEAD_MS, parseDelay } from '../jobs/send-time';

/** Labels for listing jobs (`GET /v1/jobs?tag=`). They land in a search attribute: no personal data. */
export const jobTags = z
  .array(z.string().regex(/^[A-Za-z0-9:_.-]{1,64}$/, 'must be 1-64 letters, digits or : _ . -'))
  .max(10, 'at most 10 tags')
  .optional();

const notTooFar = (ms: number): boolean => ms <= MAX_SCHEDULE_AHEAD_MS;

/** `sendAt`: when a job should run, an ISO time with a zone, at most 366 days ahead. */
export const sendAt = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 time with a zone, e.g. 2030-01-01T09:00:00Z' })
  .pipe(z.string().refine((v) => notTooFar(Date.parse(v) - Date.now()), 'is more than 366 days ahead'));

/** `delay`: the same as a duration from now ("90s", "24h", "PT24H"). */
export const delay = z
  .string()
  .refine((v) => parseDelay(v) !== undefined, 'must be a duration like "90s", "24h" or "PT24H"')
  .pipe(z.string().refine((v) => notTooFar(parseDelay(v)!), 'is more than 366 days ahead'));

/** `priority`: 1 runs first, 5 last; the default 3 is Temporal's middle. Maps to Temporal task priority. */
export const jobPriority = z
  .number()
  .int()
  .min(1, 'must be 1 (highest) to 5')
  .max(5, 'must be 1 (highest) to 5')
  .optional();

/** `notify`: a webhook endpoint told when this job closes (job.succeeded, job.failed, job.cancelled), subscribed or not. */
export const jobNotify = z.strictObject({ endpointId: z.string().min(1).max(64) }).optional();

/** The options every start takes, whatever its kind: spread into each kind's request schema. */
export const startOptions = { tags: jobTags, priority: jobPriority, notify: jobNotify };

/** Where a kind's request schema is reused (a schedule's job, a sequence's step): the job's own `notify` is not. */
export function refuseNotify<S extends z.ZodType>(schema: S): S {
  return refuseFields(
    schema as unknown as z.ZodType<{ notify?: unknown }>,
    ['notify'],
    'is an option of a job started by its own request: leave it out here',
  ) as unknown as S;
}

/** The options of a kind whose jobs can wait: when to start. Give one of them at most. */
export const waitOptions = { sendAt: sendAt.optional(), delay: delay.optional() };

/** For a refine: sendAt and delay are two ways to say one thing. */
export const oneTimingAtMost = (v: { sendAt?: unknown; delay?: unknown }): boolean =>
  v.sendAt === undefined || v.delay === undefined;
export const ONE_TIMING_AT_MOST = { path: ['delay'], message: 'give sendAt or delay, not both' };

/** A request schema where something else decides these fields: each one given is refused, naming it. */
export function refuseFields<F extends string, S extends z.ZodType<Partial<Record<F, unknown>>>>(
  schema: S,
  fields: readonly F[],
  message: string,
): S {
  return schema.superRefine((v, ctx) => {
    for (const field of fields) {
      if (v[field] !== undefined) ctx.addIssue({ code: 'custom', path: [field], message });
    }
  }) as unknown as S;
}

/** A kind's request schema where something else decides the time (a schedule, a sequence): sendAt and delay are refused. */
export function refuseTiming<S extends z.ZodType<{ sendAt?: unknown; delay?: unknown }>>(
  schema: S,
  message: string,
): S {
  return refuseFields(schema, ['sendAt', 'delay'], message);
}
