import { z } from 'zod';
import { parseDelay } from '../../jobs/send-time';

/** The longest a `GET /v1/jobs/:id?wait=` holds its request open: past it, a client asks again. */
export const MAX_JOB_WAIT_MS = 60_000;

/** GET /v1/jobs/:id query parameters: `wait`, how long to wait for the job to close ("30s", "PT30S"). */
export const jobWaitQuerySchema = z.strictObject({
  wait: z
    .string()
    .refine((v) => parseDelay(v) !== undefined, 'must be a duration like "30s" or "PT30S"')
    .transform((v) => parseDelay(v)!)
    .pipe(z.number().max(MAX_JOB_WAIT_MS, `is more than ${MAX_JOB_WAIT_MS / 1000} seconds`))
    .optional(),
});
