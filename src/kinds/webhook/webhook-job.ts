import type { DeliverWebhookInput } from '../../../workflows/deliver-webhook';
import type { WebhookConfig } from '../../config';
import { activityTaskQueueFor } from '../../jobs/activity-queue';

/**
 * What one delivery of an event to one endpoint starts, with the retry policy from config. `taskQueue`
 * is the one the job starts on: with WEBHOOK_ACTIVITIES_PER_SECOND set, it attempts from that queue's
 * webhook queue (so it is required then; without a limit it changes nothing).
 */
export function deliverWebhookInput(
  o: { taskQueue?: string; messageId: string; endpointId: string; event: string; payload: unknown; occurredAt?: Date; headers?: Record<string, string>; sendAt?: Date },
  w: Pick<WebhookConfig, 'retryScheduleMs' | 'deadlineMs' | 'timeoutMs' | 'activitiesPerSecond'>,
): DeliverWebhookInput {
  return {
    messageId: o.messageId,
    endpointId: o.endpointId,
    event: o.event,
    payload: o.payload,
    occurredAt: o.occurredAt?.toISOString(),
    headers: o.headers,
    sendAt: o.sendAt?.toISOString(),
    retryScheduleMs: [...w.retryScheduleMs],
    deadlineMs: w.deadlineMs,
    attemptTimeoutMs: w.timeoutMs,
    ...activityTaskQueueFor(o.taskQueue, 'webhook', w.activitiesPerSecond),
  };
}
