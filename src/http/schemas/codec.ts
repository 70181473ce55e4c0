import { z } from 'zod';

/** One payload as Temporal's codec server protocol carries it: metadata values and data in base64. */
const payload = z.strictObject({
  metadata: z.record(z.string().max(256), z.base64()).default({}),
  data: z.base64().default(''),
});

/** POST /codec/encode and /codec/decode, the body the Temporal UI and CLI send. */
export const codecRequestSchema = z.strictObject({ payloads: z.array(payload).max(10_000) });
