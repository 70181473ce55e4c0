// The routes that start jobs of every kind, and those that read and steer them.
import { z } from 'zod';
import { JOB_KINDS } from '../../kinds';
import { rescheduleSchema } from '../../kinds/wait-controls';
import { replaySchema, terminateSchema } from '../schemas/job-control';
import { jobListQuerySchema } from '../schemas/job-list';
import { jobWaitQuerySchema } from '../schemas/job-wait';
import {
  emailAcceptedSchema,
  jobPageSchema,
  jobSchema,
  replayPlanSchema,
  replayStartedSchema,
  signalAnswerSchema,
  taskAcknowledgementSchema,
  taskProgressAnswerSchema,
  webhookAcceptedSchema,
  webhookAttemptsSchema,
} from '../schemas/responses/jobs';
import { completeTaskSchema, failTaskSchema, taskProgressSchema } from '../schemas/task-completion';
import { accepted, answer, anyObject, conflict, ok, op, type Operation } from './operation';

const CLOSED = 'The job has closed';
const NOT_OPEN = 'No attempt of this async task is under way';

/** What a start answers, where it is not the one job as it is: an email's with `sendAt`, the webhook fan-out's (a job per endpoint). */
const START_ANSWERS: Readonly<Record<string, z.ZodType>> = {
  email: emailAcceptedSchema,
  webhook: webhookAcceptedSchema,
};

/** A request body of each start route, for the document. */
const START_EXAMPLES: Readonly<Record<string, unknown>> = {
  email: { to: ['ada@example.com'], subject: 'Your receipt', text: 'Thanks for your order.', delay: '1h' },
  webhook: { event: 'order.paid', payload: { orderId: 'ord_123', amount: 4200 } },
  task: { payload: { invoiceId: 'inv_42' }, tags: ['billing'] },
  ping: { message: 'hello' },
  batch: {
    template: { subject: 'Your {{ month }} digest', text: 'Hi {{ name }}, here is what happened.' },
    recipients: [
      { to: 'ada@example.com', data: { name: 'Ada', month: 'March' } },
      { to: 'alan@example.com', data: { name: 'Alan', month: 'March' }, sendAt: '2030-01-01T09:00:00Z' },
    ],
    ratePerSecond: 50,
  },
  sequence: {
    steps: [
      { type: 'email', input: { to: ['ada@example.com'], subject: 'Welcome', text: 'Hello Ada' } },
      { type: 'webhook', input: { event: 'user.welcomed', payload: { userId: 'u_1' } } },
    ],
  },
};

export const JOB_OPERATIONS: Readonly<Record<string, Operation>> = {
  ...startOperations(),
  'POST /v1/emails/:id/reschedule': op('rescheduleEmail', ['jobs:admin'], 'Move a waiting email to another time', {
    responses: {
      ...ok(z.unknown(), 'The email waits for its new time'),
      ...conflict('The email is no longer waiting'),
    },
    body: () => rescheduleSchema,
  }),
  'POST /v1/emails/:id/send-now': op('sendEmailNow', ['jobs:admin'], 'Send a waiting email at once', {
    responses: { ...ok(z.unknown(), 'The email goes now'), ...conflict('The email is no longer waiting') },
  }),
  'GET /v1/webhooks/:id/attempts': op('listWebhookAttempts', ['jobs:read'], 'The delivery attempts of a webhook job', {
    responses: ok(webhookAttemptsSchema),
  }),

  'GET /v1/jobs': op('listJobs', ['jobs:read'], 'List jobs by kind, status, tag and time', {
    responses: ok(jobPageSchema),
    query: () => jobListQuerySchema,
  }),
  'GET /v1/jobs/:id': op('getJob', ['jobs:read'], 'One job: status, input summary, result or last error', {
    responses: ok(jobSchema),
    query: () => jobWaitQuerySchema,
  }),
  'POST /v1/jobs/:id/cancel': op('cancelJob', ['jobs:admin'], 'Cancel a job', {
    responses: { ...accepted(jobSchema, 'Cancellation requested: the job as it is now'), ...conflict(CLOSED) },
  }),
  'POST /v1/jobs/:id/terminate': op('terminateJob', ['jobs:admin'], 'Terminate a job without cleanup', {
    responses: { ...accepted(jobSchema, 'Terminated: the job as it is now'), ...conflict(CLOSED) },
    body: () => terminateSchema,
  }),
  'POST /v1/jobs/:id/retry': op('retryJob', ['jobs:admin'], 'Run a failed job again', {
    responses: { ...accepted(jobSchema, 'The new run', ['Location']), ...conflict('The job has not failed') },
  }),
  'POST /v1/jobs/:id/signals/:name': op('signalJob', ['jobs:admin'], 'Send a signal or update to a job', {
    responses: { ...ok(signalAnswerSchema), ...conflict(CLOSED) },
    body: anyObject,
  }),
  'POST /v1/jobs/:id/complete': op(
    'completeTask',
    ['tasks:complete'],
    "Complete an async task's attempt under way with its result",
    { responses: { ...ok(taskAcknowledgementSchema), ...conflict(NOT_OPEN) }, body: () => completeTaskSchema },
  ),
  'POST /v1/jobs/:id/fail': op(
    'failTask',
    ['tasks:complete'],
    "Fail an async task's attempt under way (retried by its type's policy if retryable)",
    { responses: { ...ok(taskAcknowledgementSchema), ...conflict(NOT_OPEN) }, body: () => failTaskSchema },
  ),
  'POST /v1/jobs/:id/progress': op(
    'reportTaskProgress',
    ['tasks:complete'],
    "Report an async task's progress; answers whether it was cancelled",
    { responses: { ...ok(taskProgressAnswerSchema), ...conflict(NOT_OPEN) }, body: () => taskProgressSchema },
  ),
  'POST /v1/jobs/replay': op(
    'replayJobs',
    ['jobs:admin'],
    'Run again the failed or timed-out jobs of a time window, each once (dry run first)',
    {
      responses: {
        ...ok(replayPlanSchema, 'The dry run: what would run again'),
        ...accepted(replayStartedSchema, 'What runs again'),
        ...conflict('The plan changed since the dry run'),
      },
      body: () => replaySchema,
    },
  ),
};

/** The start route of every kind in the registry. */
function startOperations(): Record<string, Operation> {
  return Object.fromEntries(
    JOB_KINDS.flatMap(({ name, start }) =>
      start
        ? [
            [
              `POST ${start.path}`,
              op(start.operationId, start.scopes ?? ['jobs:write'], start.summary, {
                body: (d) => start.schema(d),
                idempotent: true,
                example: START_EXAMPLES[name],
                responses: {
                  202: answer(START_ANSWERS[name] ?? jobSchema, 'Accepted: the job, never its result', [
                    'Location',
                    'Idempotent-Replayed',
                  ]),
                  422: { description: 'The Idempotency-Key was sent before with another body' },
                },
              }),
            ],
          ]
        : [],
    ),
  );
}
