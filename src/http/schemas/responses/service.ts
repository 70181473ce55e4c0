import { z } from 'zod';

export const livenessSchema = z.object({ status: z.literal('ok') });

export const readinessSchema = z.object({
  status: z.enum(['ready', 'not ready']),
  checks: z.object({ temporal: z.string(), worker: z.string() }).describe('`ok`, or what is wrong'),
});

/** Temporal's codec server protocol: base64 metadata values and data. */
export const payloadsSchema = z.object({
  payloads: z.array(z.object({ metadata: z.record(z.string(), z.string()), data: z.string() })),
});
