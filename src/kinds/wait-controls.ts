import type { Client } from '@temporalio/client';
import { z } from 'zod';
import { rescheduleUpdate, sendNowUpdate } from '../../workflows/shared/send-time-controls';
import { sendTime } from '../jobs/send-time';
import type { JobControl } from './kind';
import { delay, sendAt } from './start-options';

/** POST /v1/jobs/:id/signals/reschedule (and /v1/emails/:id/reschedule) */
export const rescheduleSchema = z
  .strictObject({ sendAt: sendAt.optional(), delay: delay.optional() })
  .refine((v) => (v.sendAt === undefined) !== (v.delay === undefined), {
    path: ['sendAt'],
    message: 'give exactly one of sendAt or delay',
  });

/**
 * The controls of a job that waits for its time: move it, or start it at once. Both are updates of the
 * workflow (`temporal workflow update execute --name reschedule|sendNow` does the same).
 */
export const waitControls: Readonly<Record<string, JobControl>> = {
  reschedule: {
    summary: 'Move a waiting job to another time',
    schema: rescheduleSchema,
    send: (client: Client, id, body) =>
      client.workflow.getHandle(id).executeUpdate(rescheduleUpdate, {
        args: [{ sendAt: sendTime(body as z.output<typeof rescheduleSchema>)!.toISOString() }],
      }),
  },
  sendNow: {
    summary: 'Start a waiting job at once',
    send: (client: Client, id) => client.workflow.getHandle(id).executeUpdate(sendNowUpdate),
  },
};
