import { z } from 'zod';

export const isoTime = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 time with a zone' })
  .transform((v) => new Date(v));

export const terminateSchema = z.strictObject({
  reason: z.string().min(1).max(500).default('terminated over the API'),
});

/** POST /v1/jobs/replay: a dry run lists; a confirmed run replays exactly what the dry run listed. */
export const replaySchema = z
  .strictObject({
    kind: z
      .string()
      .regex(/^[a-z]{1,32}$/, 'must be a job kind such as email')
      .optional(),
    since: isoTime,
    until: isoTime.optional(),
    dryRun: z.boolean().default(true),
    confirm: z
      .string()
      .regex(/^[A-Za-z0-9_-]{24}$/, 'must be the confirm token of a dry run')
      .optional(),
  })
  .refine((v) => v.dryRun || v.confirm !== undefined, {
    path: ['confirm'],
    message: 'is required when dryRun is false: run a dry run first',
  })
  .refine((v) => !v.until || v.until > v.since, { path: ['until'], message: 'must be after since' });
