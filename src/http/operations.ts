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
import { patchBody } from './routes/schedules';

/** The settings some schemas are built from, as the routers build them. */
export type SchemaDeps = KindDeps;

export const PUBLIC = 'public';

export interface Operation {
  /** A key holding any one of these scopes may call the route; `public` routes need no key. */
  scopes: readonly Scope[] | typeof PUBLIC;
  summary: string;
  /** The schemas the route validates with: they generate /openapi.json. */
  body?: (deps: SchemaDeps) => z.ZodType;
  query?: (deps: SchemaDeps) => z.ZodType;
}

const op = (
  scopes: Operation['scopes'],
  summary: string,
  schemas: Pick<Operation, 'body' | 'query'> = {},
): Operation => ({ scopes, summary, ...schemas });
const anyObject = () => z.record(z.string(), z.unknown());
const codec = { body: () => codecRequestSchema };
const READ_SCHEDULES: Scope[] = ['schedules:read', 'jobs:read'];

/**
 * Every route of the API, as `METHOD /path` exactly as its router registers it: who may call it and
 * what it takes. One table: a route missing here is refused (and fails test/http/operations.unit.test.ts).
 */
export const OPERATIONS: Readonly<Record<string, Operation>> = {
  'GET /healthz': op(PUBLIC, 'Liveness: the process answers'),
  'GET /readyz': op(PUBLIC, 'Readiness: Temporal answers and a worker polls the task queue'),
  'GET /openapi.json': op(PUBLIC, 'This API as an OpenAPI 3.1 document'),
  'GET /docs': op(PUBLIC, 'This API as a page to read'),
  'GET /docs/problems': op(PUBLIC, 'Every problem type an error answers with: its status, title and meaning'),
  'GET /metrics': op(['metrics:read'], 'Prometheus metrics of the HTTP API and the process'),

  ...startOperations(),
  'POST /v1/emails/:id/reschedule': op(['jobs:admin'], 'Move a waiting email to another time', {
    body: () => rescheduleSchema,
  }),
  'POST /v1/emails/:id/send-now': op(['jobs:admin'], 'Send a waiting email at once'),
  'GET /v1/webhooks/:id/attempts': op(['jobs:read'], 'The delivery attempts of a webhook job'),

  'GET /v1/jobs': op(['jobs:read'], 'List jobs by kind, status, tag and time', { query: () => jobListQuerySchema }),
  'GET /v1/jobs/:id': op(['jobs:read'], 'One job: status, input summary, result or last error', {
    query: () => jobWaitQuerySchema,
  }),
  'POST /v1/jobs/:id/cancel': op(['jobs:admin'], 'Cancel a job'),
  'POST /v1/jobs/:id/terminate': op(['jobs:admin'], 'Terminate a job without cleanup', { body: () => terminateSchema }),
  'POST /v1/jobs/:id/retry': op(['jobs:admin'], 'Run a failed job again'),
  'POST /v1/jobs/:id/signals/:name': op(['jobs:admin'], 'Send a signal or update to a job', { body: anyObject }),
  'POST /v1/jobs/:id/complete': op(['tasks:complete'], "Complete an async task's attempt under way with its result", {
    body: () => completeTaskSchema,
  }),
  'POST /v1/jobs/:id/fail': op(
    ['tasks:complete'],
    "Fail an async task's attempt under way (retried by its type's policy if retryable)",
    { body: () => failTaskSchema },
  ),
  'POST /v1/jobs/:id/progress': op(
    ['tasks:complete'],
    "Report an async task's progress; answers whether it was cancelled",
    { body: () => taskProgressSchema },
  ),
  'POST /v1/jobs/replay': op(
    ['jobs:admin'],
    'Run again the failed or timed-out jobs of a time window, each once (dry run first)',
    { body: () => replaySchema },
  ),

  'POST /v1/audit-events': op(['audit:write'], 'Record an audit event', { body: (d) => auditEventSchema(d.audit) }),
  'POST /v1/audit-events/batch': op(['audit:write'], 'Record up to 1,000 audit events', {
    body: (d) => auditBatchSchema(d.audit),
  }),
  'GET /v1/audit-events': op(['audit:read'], 'List audit events, newest first', { query: () => auditQuerySchema }),
  'GET /v1/audit-events/verify': op(
    ['audit:read'],
    'Check the hash chain of the audit log, a page at a time, and an anchor kept elsewhere',
    { query: () => auditVerifyQuerySchema },
  ),

  'POST /v1/webhook-endpoints': op(['webhooks:admin'], 'Add a webhook endpoint (answers its secret once)', {
    body: (d) => endpointCreateSchema(d.webhooks.allowList),
  }),
  'GET /v1/webhook-endpoints': op(['webhooks:admin'], 'List webhook endpoints'),
  'GET /v1/webhook-endpoints/:id': op(['webhooks:admin'], 'One webhook endpoint'),
  'PATCH /v1/webhook-endpoints/:id': op(['webhooks:admin'], 'Change a webhook endpoint', {
    body: (d) => endpointPatchSchema(d.webhooks.allowList),
  }),
  'DELETE /v1/webhook-endpoints/:id': op(['webhooks:admin'], 'Remove a webhook endpoint'),
  'POST /v1/webhook-endpoints/:id/rotate-secret': op(
    ['webhooks:admin'],
    'Rotate the signing secret (answers the new one once)',
    { body: () => rotateSecretSchema },
  ),
  'POST /v1/webhook-endpoints/:id/recover': op(['webhooks:admin'], 'Deliver again what failed since a time', {
    body: () => recoverSchema,
  }),

  'POST /v1/task-types': op(['tasks:admin'], 'Add a task type: an endpoint of your app that task jobs call', {
    body: (d) => taskTypeRequestSchema(d.tasks),
  }),
  'GET /v1/task-types': op(['tasks:admin'], 'List task types'),
  'GET /v1/task-types/:name': op(['tasks:admin'], 'One task type'),
  'PATCH /v1/task-types/:name': op(['tasks:admin'], 'Change a task type (JSON merge patch)', { body: () => patchBody }),
  'DELETE /v1/task-types/:name': op(['tasks:admin'], 'Remove a task type that no running job uses'),
  'GET /v1/task-signing-secret': op(
    ['tasks:admin'],
    'When the task signing secret was made and until when rotated-out ones sign (never a secret)',
  ),
  'POST /v1/task-signing-secret/rotate': op(
    ['tasks:admin'],
    'Rotate the task signing secret (answers the new one once)',
    { body: () => taskSecretRotateSchema },
  ),

  'POST /v1/schedules': op(['schedules:write'], 'Create a schedule that starts jobs', {
    body: (d) => scheduleRequestSchema(scheduledJobKinds(d)),
  }),
  'GET /v1/schedules': op(READ_SCHEDULES, "List Afterward's schedules, a page at a time", {
    query: () => scheduleListQuerySchema,
  }),
  'GET /v1/schedules/:id': op(READ_SCHEDULES, 'One schedule: spec, next runs, recent runs'),
  'PATCH /v1/schedules/:id': op(['schedules:write'], 'Change a schedule (JSON merge patch)', { body: () => patchBody }),
  'DELETE /v1/schedules/:id': op(['schedules:write'], 'Delete a schedule'),
  'POST /v1/schedules/:id/pause': op(['schedules:write'], 'Pause a schedule', { body: () => noteSchema }),
  'POST /v1/schedules/:id/unpause': op(['schedules:write'], 'Resume a schedule', { body: () => noteSchema }),
  'POST /v1/schedules/:id/trigger': op(['schedules:write'], 'Run a schedule now', { body: () => triggerSchema }),
  'POST /v1/schedules/:id/backfill': op(['schedules:write'], 'Run what a schedule would have run in a past window', {
    body: () => backfillSchema,
  }),

  // Temporal's codec server protocol. The `:apiKey` form carries the key in the path for the Temporal UI, which sends no header.
  'POST /codec/encode': op(['codec:encode'], 'Encrypt payloads (Temporal codec server protocol)', codec),
  'POST /codec/decode': op(['codec:decode'], 'Decrypt payloads (Temporal codec server protocol)', codec),
  'POST /codec/:apiKey/encode': op(['codec:encode'], 'As POST /codec/encode, the API key in the path', codec),
  'POST /codec/:apiKey/decode': op(['codec:decode'], 'As POST /codec/decode, the API key in the path', codec),
};

/** The start route of every kind in the registry. */
function startOperations(): Record<string, Operation> {
  return Object.fromEntries(
    JOB_KINDS.flatMap(({ start }) =>
      start
        ? [[`POST ${start.path}`, op(start.scopes ?? ['jobs:write'], start.summary, { body: (d) => start.schema(d) })]]
        : [],
    ),
  );
}
