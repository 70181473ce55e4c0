import { z } from 'zod';
import { TASK_TYPE_NAME } from '../../../activities/tasks';
import { JOB_STATUSES } from '../../jobs/job-status';
import { pageCursor } from '../../jobs/list-cursor';

const isoTime = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 time with a zone' })
  .transform((v) => new Date(v));

/** GET /v1/jobs query parameters. */
export const jobListQuerySchema = z.strictObject({
  kind: z
    .string()
    .regex(/^[a-z]{1,32}$/, 'must be a job kind such as email')
    .optional(),
  status: z.enum(JOB_STATUSES).optional(),
  tag: z
    .string()
    .regex(/^[A-Za-z0-9:_.-]{1,64}$/, 'must be 1-64 letters, digits or : _ . -')
    .optional(),
  taskType: z.string().regex(TASK_TYPE_NAME, 'must be a task type name').optional(),
  since: isoTime.optional(),
  until: isoTime.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: pageCursor.optional(),
});
