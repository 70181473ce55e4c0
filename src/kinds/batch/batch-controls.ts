import type { Client } from '@temporalio/client';
import { pauseUpdate, resumeUpdate } from '../../../workflows/send-email-batch';
import type { JobControl } from '../kind';

/**
 * Pause and resume a batch: updates that answer its progress (`temporal workflow update execute --name pause`),
 * and signals of the same names. A pause takes effect once the chunk under way ends.
 */
export const batchControls: Readonly<Record<string, JobControl>> = {
  pause: {
    summary: 'Pause an email batch after the chunk under way',
    send: (client: Client, id) => client.workflow.getHandle(id).executeUpdate(pauseUpdate),
  },
  resume: {
    summary: 'Resume a paused email batch',
    send: (client: Client, id) => client.workflow.getHandle(id).executeUpdate(resumeUpdate),
  },
};
