// The routes of schedules: jobs started on a calendar or an interval.
import { scheduledJobKinds } from '../../schedules/job-kinds';
import {
  backfillSchema,
  noteSchema,
  scheduleListQuerySchema,
  scheduleRequestSchema,
  triggerSchema,
} from '../../schedules/schedule-schema';
import type { Scope } from '../../security/scopes';
import { patchBody } from '../routes/schedules';
import { schedulePageSchema, scheduleSchema } from '../schemas/responses/schedules';
import { accepted, conflict, created, NO_CONTENT, ok, op, type Operation } from './operation';

const READ_SCHEDULES: Scope[] = ['schedules:read', 'jobs:read'];

export const SCHEDULE_OPERATIONS: Readonly<Record<string, Operation>> = {
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
};
