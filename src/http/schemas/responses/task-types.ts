import { z } from 'zod';

const time = z.iso.datetime();

/** src/tasks/task-type-view.ts's TaskTypeView: durations as text the API accepts back. */
export const taskTypeSchema = z
  .object({
    name: z.string(),
    url: z.string(),
    timeout: z.string(),
    retry: z.object({
      maxAttempts: z.int(),
      initialInterval: z.string(),
      backoffCoefficient: z.number(),
      maximumInterval: z.string(),
    }),
    heartbeatTimeout: z.string().nullable(),
    ratePerSecond: z.number().nullable(),
    concurrency: z.int().nullable(),
    description: z.string().nullable(),
    createdAt: time,
    updatedAt: time,
  })
  .meta({ id: 'TaskType' });

export const taskTypeListSchema = z.object({ taskTypes: z.array(taskTypeSchema) });

/** GET /v1/task-signing-secret: never a secret. */
export const taskSigningSecretSchema = z.object({
  source: z.enum(['TASK_SIGNING_SECRET', 'database']),
  signingSecrets: z.int().describe('How many secrets sign each call now'),
  createdAt: time.nullable(),
  retired: z.array(z.object({ expiresAt: time })),
});

export const taskSigningSecretRotatedSchema = z.object({
  secret: z.string().describe('The new secret, once'),
  createdAt: time,
  retiredUntil: time.describe('Until when the old one still signs'),
});
