import type { SendEmailWorkflowInput } from '../../../workflows/send-email';
import { emailSummary, type EmailSummary } from '../../../workflows/shared/summary-lines';
import { emailMessageId } from '../../../workflows/shared/message-id';
import type { EmailConfig } from '../../config';
import { activityTaskQueueFor } from '../../jobs/activity-queue';
import type { EmailRequest } from './request-schema';

export interface EmailJob {
  input: SendEmailWorkflowInput;
  /** What listings show: counts and the subject, never addresses or bodies. */
  summary: EmailSummary;
  tags?: string[];
}

/**
 * What a validated email request starts. With a job id the Message-ID is fixed now; without one (the
 * runs of a schedule, which share one input) each run derives it from its own workflow id. `taskQueue`
 * is the one the job starts on: with EMAIL_ACTIVITIES_PER_SECOND set, it sends from that queue's email queue.
 */
export function emailJob(
  request: EmailRequest,
  config: EmailConfig,
  o: { taskQueue: string; jobId?: string; sendAt?: Date },
): EmailJob {
  const { sendAt: _sendAt, delay: _delay, tags, priority: _priority, ...message } = request;
  const messageId = o.jobId
    ? { messageId: emailMessageId(o.jobId, config.messageIdDomain) }
    : { messageIdDomain: config.messageIdDomain };
  const activityQueue = activityTaskQueueFor(o.taskQueue, 'email', config.activitiesPerSecond);
  // A local attempt runs in the worker that holds the workflow task, outside the kind queue and its limit.
  const local = config.firstAttempt === 'local' && !activityQueue.activityTaskQueue;
  return {
    input: {
      ...messageId,
      message,
      ...(o.sendAt ? { sendAt: o.sendAt.toISOString() } : {}),
      retry: config.retry,
      ...activityQueue,
      ...(local ? { firstAttempt: 'local' as const } : {}),
    },
    summary: emailSummary(message),
    tags,
  };
}
