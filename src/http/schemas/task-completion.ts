import { z } from 'zod';
import { MAX_RESULT_BYTES } from '../../../activities/tasks';

/** Progress is kept in a heartbeat, shown on the job and in the Temporal UI: small on purpose. */
export const MAX_PROGRESS_BYTES = 16 * 1024;

const jsonWithin = (max: number, what: string) =>
  z
    .json()
    .refine((v) => Buffer.byteLength(JSON.stringify(v ?? null)) <= max, `is more than ${max} bytes of JSON: ${what}`);

/** Names the attempt the app was called for (the afterward-attempt header): refused once that attempt is over. */
const attempt = z.number().int().min(1).optional();

export const completeTaskSchema = z.strictObject({
  result: jsonWithin(MAX_RESULT_BYTES, 'keep large results in your own storage and return a reference').default(null),
  attempt,
});

export const failTaskSchema = z.strictObject({
  error: z.strictObject({
    message: z.string().min(1).max(2000),
    // The app has decided it failed; a retry is opt-in, by the type's policy.
    retryable: z.boolean().default(false),
  }),
  attempt,
});

export const taskProgressSchema = z.strictObject({
  progress: jsonWithin(MAX_PROGRESS_BYTES, 'report a summary (a percentage, a stage)'),
  attempt,
});
