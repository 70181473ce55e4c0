import { z } from 'zod';
import { JOB_STATUSES } from '../../../jobs/job-status';

const time = z.iso.datetime();
const links = z.object({
  self: z.string().describe('This job in the API'),
  temporalUi: z.string().describe('Its run in the Temporal UI'),
});

type JobError = { message: string; type?: string; code?: string | number; nonRetryable: boolean; cause?: JobError };

/** src/jobs/job-error.ts's JobError. */
export const jobErrorSchema: z.ZodType<JobError> = z
  .object({
    message: z.string(),
    type: z.string().optional().describe('The failure type (e.g. `SmtpPermanentError`)'),
    code: z.union([z.string(), z.number()]).optional().describe('A protocol code: SMTP reply, HTTP status'),
    nonRetryable: z.boolean(),
    get cause() {
      return jobErrorSchema.optional().describe('The failure this one wraps (a sequence’s failed step)');
    },
  })
  .meta({ id: 'JobError' });

/** describeJob's answer (src/jobs/job-view.ts), and acceptedJob's (src/jobs/accepted-job.ts): GET /v1/jobs/:id, and what a start answers. */
export const jobSchema = z
  .object({
    id: z.string(),
    kind: z.string().describe('email, batch, webhook, task, audit, ping or sequence'),
    status: z.enum(JOB_STATUSES),
    createdAt: time,
    scheduledFor: time.nullable(),
    closedAt: time.nullable(),
    durationMs: z.number().nullable(),
    attempts: z.int(),
    lastError: jobErrorSchema.nullable(),
    nextAttemptAt: time.optional().describe('While retrying: when the next attempt is due'),
    result: z.unknown().describe('What the job returned, once it succeeded; else null'),
    input: z.unknown().describe('A redacted summary of the input: never secrets or full bodies'),
    retryOf: z.string().nullable().describe('The failed run this run retries'),
    previousRuns: z.array(
      z.object({ runId: z.string(), status: z.string(), startedAt: time, closedAt: time.nullable() }),
    ),
    attemptLog: z.array(z.unknown()).optional().describe('Every attempt of a job that keeps a log (webhooks, tasks)'),
    progress: z.unknown().optional().describe("A sequence's steps, a task's last reported progress"),
    rejectedSignals: z
      .array(z.object({ name: z.string(), at: time, reason: z.string() }))
      .optional()
      .describe('Signals the job could not apply, the last few'),
    links,
  })
  .meta({
    id: 'Job',
    examples: [
      {
        id: 'email-01JF3V9Q5S7K2M8N4P6R0T1W3X',
        kind: 'email',
        status: 'scheduled',
        createdAt: '2026-12-02T09:00:00.000Z',
        scheduledFor: '2026-12-02T10:00:00.000Z',
        closedAt: null,
        durationMs: null,
        attempts: 0,
        lastError: null,
        result: null,
        input: { to: ['ada@example.com'], subject: 'Your receipt' },
        retryOf: null,
        previousRuns: [],
        links: {
          self: 'https://afterward.example.com/v1/jobs/email-01JF3V9Q5S7K2M8N4P6R0T1W3X',
          temporalUi: 'https://temporal.example.com/namespaces/default/workflows/email-01JF3V9Q5S7K2M8N4P6R0T1W3X',
        },
      },
    ],
  });

/** POST /v1/emails: the job, and `sendAt` (its scheduledFor) under the name the request used. */
export const emailAcceptedSchema = jobSchema
  .extend({ sendAt: time.nullable().describe('When it will be sent; null: now') })
  .meta({ id: 'EmailAccepted' });

/** A job as GET /v1/jobs lists it (src/jobs/list-jobs.ts's JobSummary). */
export const jobSummarySchema = z
  .object({
    id: z.string(),
    kind: z.string(),
    status: z.enum(JOB_STATUSES),
    createdAt: time,
    scheduledFor: time.nullable(),
    closedAt: time.nullable(),
    durationMs: z.number().nullable(),
    attempts: z.int().describe('As GET /v1/jobs/:id counts them'),
    lastError: jobErrorSchema.nullable(),
    nextAttemptAt: time.optional().describe('While retrying: when the next attempt is due'),
    tags: z.array(z.string()),
    input: z.unknown(),
    links,
  })
  .meta({ id: 'JobSummary' });

export const jobPageSchema = z
  .object({
    jobs: z.array(jobSummarySchema),
    nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last'),
  })
  .meta({ id: 'JobPage' });

/** POST /v1/webhooks: one delivery job per endpoint the event goes to. */
export const webhookAcceptedSchema = z
  .object({
    messageId: z.string().describe('The `webhook-id` every delivery of this event carries'),
    event: z.string(),
    jobs: z.array(jobSchema),
  })
  .meta({ id: 'WebhookAccepted' });

/** POST /v1/jobs/:id/signals/:name. */
export const signalAnswerSchema = z.object({
  id: z.string(),
  signal: z.string(),
  result: z.unknown().describe("An update's answer (the job's new state); a signal's: null"),
});

/** POST /v1/jobs/replay with `dryRun`: what would run again. */
export const replayPlanSchema = z.object({
  dryRun: z.literal(true),
  kind: z.string().optional(),
  since: time,
  until: time,
  count: z.int(),
  truncated: z.boolean(),
  jobs: z.array(z.string()),
  confirm: z.string().describe('Send it back as `confirm` to run the plan'),
});

/** POST /v1/jobs/replay with `confirm`: what it started. */
export const replayStartedSchema = z.object({
  dryRun: z.literal(false),
  kind: z.string().optional(),
  since: time,
  until: time,
  started: z.int(),
  jobs: z.array(z.looseObject({ id: z.string(), self: z.string() })),
  errors: z.array(z.unknown()),
  auditEventId: z.string().describe('The audit event that records the replay (action jobs.replayed)'),
});

export const taskAcknowledgementSchema = z.union([
  z.object({ id: z.string(), status: z.literal('completed') }),
  z.object({ id: z.string(), status: z.literal('failed'), retryable: z.boolean() }),
  z.object({ id: z.string(), status: z.literal('cancelled') }),
]);

export const taskProgressAnswerSchema = z.object({
  id: z.string(),
  cancelRequested: z.boolean().describe('True: the job was cancelled; stop, and complete or fail to acknowledge'),
});

export const webhookAttemptsSchema = z.object({
  id: z.string(),
  attempts: z.array(
    z.object({
      attempt: z.int(),
      at: time,
      url: z.string().optional(),
      statusCode: z.int().optional(),
      latencyMs: z.number(),
      outcome: z.enum(['delivered', 'retry', 'rejected', 'gone']),
      error: z.string().optional(),
      responseSnippet: z.string().optional(),
      responseTruncated: z.boolean().optional(),
      retryAfterMs: z.number().optional(),
    }),
  ),
});
