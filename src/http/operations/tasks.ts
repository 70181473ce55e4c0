// The routes of task types (the endpoints of your app that task jobs call) and of the secret that signs those calls.
import { taskTypeRequestSchema } from '../../tasks/task-type-schema';
import { patchBody } from '../routes/schedules';
import {
  taskSigningSecretRotatedSchema,
  taskSigningSecretSchema,
  taskTypeListSchema,
  taskTypeSchema,
} from '../schemas/responses/task-types';
import { taskSecretRotateSchema } from '../schemas/task-signing-secret';
import { conflict, created, NO_CONTENT, ok, op, type Operation } from './operation';

export const TASK_OPERATIONS: Readonly<Record<string, Operation>> = {
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
};
