// An email batch's recipients and controls (its start is the registry's, with the other start routes).
import { z } from 'zod';
import { recipientListQuerySchema, recipientPageSchema, retriedFailedSchema } from '../schemas/email-batches';
import { accepted, conflict, ok, op, type Operation } from './operation';

const CLOSED = 'The batch has closed';
const progress = z.object({ id: z.string(), progress: z.unknown().describe('The batch’s progress, paused or not') });

export const EMAIL_BATCH_OPERATIONS: Readonly<Record<string, Operation>> = {
  'GET /v1/jobs/:id/recipients': op('listBatchRecipients', ['jobs:read'], "An email batch's recipients and results", {
    responses: ok(recipientPageSchema),
    query: () => recipientListQuerySchema,
  }),
  'POST /v1/jobs/:id/pause': op('pauseBatch', ['jobs:admin'], 'Pause an email batch after the chunk under way', {
    responses: { ...ok(progress), ...conflict(CLOSED) },
  }),
  'POST /v1/jobs/:id/resume': op('resumeBatch', ['jobs:admin'], 'Resume a paused email batch', {
    responses: { ...ok(progress), ...conflict(CLOSED) },
  }),
  'POST /v1/jobs/:id/recipients/retry-failed': op(
    'retryFailedRecipients',
    ['jobs:admin'],
    "Send an email batch's failed recipients again (same Message-IDs)",
    { responses: accepted(retriedFailedSchema, 'Requeued: the running batch, or a new run of it, sends them') },
  ),
};
