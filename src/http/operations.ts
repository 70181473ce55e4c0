import { z } from 'zod';
import { JOB_KINDS } from '../kinds';
import type { KindDeps } from '../kinds/kind';
import { rescheduleSchema } from '../kinds/wait-controls';
import { scheduledJobKinds } from '../schedules/job-kinds';
import type { Scope } from '../security/scopes';
import {
  auditBatchSchema,
  auditEventSchema,
  auditQuerySchema,
  auditVerifyQuerySchema,
} from '../audit/audit-event-schema';
import { codecRequestSchema } from './schemas/codec';
import { replaySchema, terminateSchema } from './schemas/job-control';
import { completeTaskSchema, failTaskSchema, taskProgressSchema } from './schemas/task-completion';
import { jobListQuerySchema } from './schemas/job-list';
import { jobWaitQuerySchema } from './schemas/job-wait';
import {
  backfillSchema,
  noteSchema,
  scheduleListQuerySchema,
  scheduleRequestSchema,
  triggerSchema,
} from '../schedules/schedule-schema';
import { taskTypeRequestSchema } from '../tasks/task-type-schema';
import { taskSecretRotateSchema } from './schemas/task-signing-secret';
import {
  endpointCreateSchema,
  endpointPatchSchema,
  recoverSchema,
  rotateSecretSchema,
} from './schemas/webhook-endpoint';
import type { HeaderName } from './schemas/responses/headers';
import { patchBody } from './routes/schedules';
import {
  auditAcceptedSchema,
  auditBatchAcceptedSchema,
  auditPageSchema,
  auditVerificationSchema,
} from './schemas/responses/audit';
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
} from './schemas/responses/jobs';
import { schedulePageSchema, scheduleSchema } from './schemas/responses/schedules';
import { livenessSchema, payloadsSchema, readinessSchema } from './schemas/responses/service';
import {
  taskSigningSecretRotatedSchema,
  taskSigningSecretSchema,
  taskTypeListSchema,
  taskTypeSchema,
} from './schemas/responses/task-types';
import {
  recoveryAnswerSchema,
  webhookEndpointListSchema,
  webhookEndpointSchema,
  webhookEndpointWithSecretSchema,
} from './schemas/responses/webhook-endpoints';

/** The settings some schemas are built from, as the routers build them. */
export type SchemaDeps = KindDeps;

export const PUBLIC = 'public';

export interface Operation {
  /** The name a generated client gives the call: unique, camelCase (`getJob`). */
  operationId: string;
  /** A key holding any one of these scopes may call the route; `public` routes need no key. */
  scopes: readonly Scope[] | typeof PUBLIC;
  summary: string;
  /** The schemas the route validates with: they generate /openapi.json. */
  body?: (deps: SchemaDeps) => z.ZodType;
  query?: (deps: SchemaDeps) => z.ZodType;
  /** What it answers, by status: each 2xx it can give, and problems of its own beyond those every operation has. */
  responses?: Readonly<Record<number, Answer>>;
  /** Takes an Idempotency-Key (the start routes). */
  idempotent?: boolean;
  /** A request body, for the document. */
  example?: unknown;
}

/** One answer of an operation. */
export interface Answer {
  description: string;
  /** The body, as the route writes it (`application/json` unless `type` says otherwise). */
  schema?: z.ZodType;
  type?: string;
  headers?: readonly HeaderName[];
  example?: unknown;
}

const op = (
  operationId: string,
  scopes: Operation['scopes'],
  summary: string,
  schemas: Pick<Operation, 'body' | 'query' | 'responses' | 'idempotent' | 'example'> = {},
): Operation => ({ operationId, scopes, summary, ...schemas });
const anyObject = () => z.record(z.string(), z.unknown());
const answer = (schema: z.ZodType, description: string, headers?: HeaderName[]): Answer => ({
  description,
  schema,
  headers,
});
const ok = (schema: z.ZodType, description = 'OK') => ({ 200: answer(schema, description) });
const accepted = (schema: z.ZodType, description: string, headers?: HeaderName[]) => ({
  202: answer(schema, description, headers),
});
const created = (schema: z.ZodType) => ({ 201: answer(schema, 'Created', ['Location']) });
const NO_CONTENT = { 204: { description: 'Done: no body' } };
/** A problem of the operation's own (a status without a schema answers a Problem). */
const conflict = (description: string) => ({ 409: { description } });
const CLOSED = 'The job has closed';
const NOT_OPEN = 'No attempt of this async task is under way';
const codec = { body: () => codecRequestSchema, responses: ok(payloadsSchema) };
const READ_SCHEDULES: Scope[] = ['schedules:read', 'jobs:read'];

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
  sequence: {
    steps: [
      { type: 'email', input: { to: ['ada@example.com'], subject: 'Welcome', text: 'Hello Ada' } },
      { type: 'webhook', input: { event: 'user.welcomed', payload: { userId: 'u_1' } } },
    ],
  },
};

/**
 * Every route of the API, as `METHOD /path` exactly as its router registers it: who may call it and
 * what it takes. One table: a route missing here is refused (and fails test/http/operations.unit.test.ts).
 */
export const OPERATIONS: Readonly<Record<string, Operation>> = {
  'GET /healthz': op('checkLiveness', PUBLIC, 'Liveness: the process answers', {
    responses: ok(livenessSchema, 'The process answers'),
  }),
  'GET /readyz': op('checkReadiness', PUBLIC, 'Readiness: Temporal answers and a worker polls the task queue', {
    responses: {
      ...ok(readinessSchema, 'Ready'),
      503: answer(readinessSchema, 'Not ready: `checks` says what is wrong'),
    },
  }),
  'GET /openapi.json': op('getOpenApiDocument', PUBLIC, 'This API as an OpenAPI 3.1 document', {
    responses: ok(z.record(z.string(), z.unknown()), 'The document'),
  }),
  'GET /docs': op('getDocsPage', PUBLIC, 'This API as a page to read', {
    responses: { 200: { description: 'The page', type: 'text/html' } },
  }),
  'GET /docs/redoc.standalone.js': op('getDocsScript', PUBLIC, 'The script that renders /docs (Redoc)', {
    responses: { 200: { description: 'The script', type: 'text/javascript' }, 304: { description: 'Not modified' } },
  }),
  'GET /docs/problems': op(
    'getProblemTypesPage',
    PUBLIC,
    'Every problem type an error answers with: its status, title and meaning',
    { responses: { 200: { description: 'The page', type: 'text/html' } } },
  ),
  'GET /metrics': op('getMetrics', ['metrics:read'], 'Prometheus metrics of the HTTP API and the process', {
    responses: { 200: { description: 'The Prometheus text format', type: 'text/plain', schema: z.string() } },
  }),

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

  'POST /v1/audit-events': op('recordAuditEvent', ['audit:write'], 'Record an audit event', {
    responses: { ...accepted(auditAcceptedSchema, 'Recorded'), ...conflict('Other content under this event id') },
    body: (d) => auditEventSchema(d.audit),
  }),
  'POST /v1/audit-events/batch': op('recordAuditEvents', ['audit:write'], 'Record up to 1,000 audit events', {
    responses: { ...accepted(auditBatchAcceptedSchema, 'Recorded'), ...conflict('Other content under an event id') },
    body: (d) => auditBatchSchema(d.audit),
  }),
  'GET /v1/audit-events': op('listAuditEvents', ['audit:read'], 'List audit events, newest first', {
    responses: ok(auditPageSchema),
    query: () => auditQuerySchema,
  }),
  'GET /v1/audit-events/verify': op(
    'verifyAuditLog',
    ['audit:read'],
    'Check the hash chain of the audit log, a page at a time, and an anchor kept elsewhere',
    { responses: ok(auditVerificationSchema), query: () => auditVerifyQuerySchema },
  ),

  'POST /v1/webhook-endpoints': op(
    'createWebhookEndpoint',
    ['webhooks:admin'],
    'Add a webhook endpoint (answers its secret once)',
    { responses: created(webhookEndpointWithSecretSchema), body: (d) => endpointCreateSchema(d.webhooks.allowList) },
  ),
  'GET /v1/webhook-endpoints': op('listWebhookEndpoints', ['webhooks:admin'], 'List webhook endpoints', {
    responses: ok(webhookEndpointListSchema),
  }),
  'GET /v1/webhook-endpoints/:id': op('getWebhookEndpoint', ['webhooks:admin'], 'One webhook endpoint', {
    responses: ok(webhookEndpointSchema),
  }),
  'PATCH /v1/webhook-endpoints/:id': op('updateWebhookEndpoint', ['webhooks:admin'], 'Change a webhook endpoint', {
    responses: ok(webhookEndpointSchema),
    body: (d) => endpointPatchSchema(d.webhooks.allowList),
  }),
  'DELETE /v1/webhook-endpoints/:id': op('deleteWebhookEndpoint', ['webhooks:admin'], 'Remove a webhook endpoint', {
    responses: NO_CONTENT,
  }),
  'POST /v1/webhook-endpoints/:id/rotate-secret': op(
    'rotateWebhookEndpointSecret',
    ['webhooks:admin'],
    'Rotate the signing secret (answers the new one once)',
    { responses: ok(webhookEndpointWithSecretSchema), body: () => rotateSecretSchema },
  ),
  'POST /v1/webhook-endpoints/:id/recover': op(
    'recoverWebhookDeliveries',
    ['webhooks:admin'],
    'Deliver again what failed since a time',
    {
      responses: {
        ...accepted(recoveryAnswerSchema, 'The failed deliveries run again'),
        ...conflict('The endpoint is disabled'),
      },
      body: () => recoverSchema,
    },
  ),

  'POST /v1/task-types': op(
    'createTaskType',
    ['tasks:admin'],
    'Add a task type: an endpoint of your app that task jobs call',
    {
      responses: { ...created(taskTypeSchema), ...conflict('A task type of this name exists') },
      body: (d) => taskTypeRequestSchema(d.tasks),
    },
  ),
  'GET /v1/task-types': op('listTaskTypes', ['tasks:admin'], 'List task types', { responses: ok(taskTypeListSchema) }),
  'GET /v1/task-types/:name': op('getTaskType', ['tasks:admin'], 'One task type', { responses: ok(taskTypeSchema) }),
  'PATCH /v1/task-types/:name': op('updateTaskType', ['tasks:admin'], 'Change a task type (JSON merge patch)', {
    responses: ok(taskTypeSchema),
    body: () => patchBody,
  }),
  'DELETE /v1/task-types/:name': op('deleteTaskType', ['tasks:admin'], 'Remove a task type that no running job uses', {
    responses: { ...NO_CONTENT, ...conflict('A running job uses it') },
  }),
  'GET /v1/task-signing-secret': op(
    'getTaskSigningSecret',
    ['tasks:admin'],
    'When the task signing secret was made and until when rotated-out ones sign (never a secret)',
    { responses: ok(taskSigningSecretSchema) },
  ),
  'POST /v1/task-signing-secret/rotate': op(
    'rotateTaskSigningSecret',
    ['tasks:admin'],
    'Rotate the task signing secret (answers the new one once)',
    {
      responses: { ...ok(taskSigningSecretRotatedSchema), ...conflict('The secrets come from TASK_SIGNING_SECRET') },
      body: () => taskSecretRotateSchema,
    },
  ),

  'POST /v1/schedules': op('createSchedule', ['schedules:write'], 'Create a schedule that starts jobs', {
    responses: { ...created(scheduleSchema), ...conflict('A schedule with this id exists') },
    body: (d) => scheduleRequestSchema(scheduledJobKinds(d)),
  }),
  'GET /v1/schedules': op('listSchedules', READ_SCHEDULES, "List Afterward's schedules, a page at a time", {
    responses: ok(schedulePageSchema),
    query: () => scheduleListQuerySchema,
  }),
  'GET /v1/schedules/:id': op('getSchedule', READ_SCHEDULES, 'One schedule: spec, next runs, recent runs', {
    responses: ok(scheduleSchema),
  }),
  'PATCH /v1/schedules/:id': op('updateSchedule', ['schedules:write'], 'Change a schedule (JSON merge patch)', {
    responses: ok(scheduleSchema),
    body: () => patchBody,
  }),
  'DELETE /v1/schedules/:id': op('deleteSchedule', ['schedules:write'], 'Delete a schedule', { responses: NO_CONTENT }),
  'POST /v1/schedules/:id/pause': op('pauseSchedule', ['schedules:write'], 'Pause a schedule', {
    responses: ok(scheduleSchema),
    body: () => noteSchema,
  }),
  'POST /v1/schedules/:id/unpause': op('unpauseSchedule', ['schedules:write'], 'Resume a schedule', {
    responses: ok(scheduleSchema),
    body: () => noteSchema,
  }),
  'POST /v1/schedules/:id/trigger': op('triggerSchedule', ['schedules:write'], 'Run a schedule now', {
    responses: accepted(scheduleSchema, 'A run starts'),
    body: () => triggerSchema,
  }),
  'POST /v1/schedules/:id/backfill': op(
    'backfillSchedule',
    ['schedules:write'],
    'Run what a schedule would have run in a past window',
    { responses: accepted(scheduleSchema, 'The runs of the window start'), body: () => backfillSchema },
  ),

  // Temporal's codec server protocol. The `:apiKey` form carries the key in the path for the Temporal UI, which sends no header.
  'POST /codec/encode': op(
    'encodePayloads',
    ['codec:encode'],
    'Encrypt payloads (Temporal codec server protocol)',
    codec,
  ),
  'POST /codec/decode': op(
    'decodePayloads',
    ['codec:decode'],
    'Decrypt payloads (Temporal codec server protocol)',
    codec,
  ),
  'POST /codec/:apiKey/encode': op(
    'encodePayloadsKeyInPath',
    ['codec:encode'],
    'As POST /codec/encode, the API key in the path',
    codec,
  ),
  'POST /codec/:apiKey/decode': op(
    'decodePayloadsKeyInPath',
    ['codec:decode'],
    'As POST /codec/decode, the API key in the path',
    codec,
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
