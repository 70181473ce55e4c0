import type { DeliverWebhookInput } from '../../../workflows/deliver-webhook';
import type { FanOutWebhookInput } from '../../../workflows/fan-out-webhook';
import type { WebhookConfig } from '../../config';
import { activityTaskQueueFor } from '../../jobs/activity-queue';

type DeliverySettings = Pick<WebhookConfig, 'retryScheduleMs' | 'deadlineMs' | 'timeoutMs' | 'activitiesPerSecond'>;

/**
 * What every delivery of an event shares, with the retry policy from config. `taskQueue` is the one the
 * job starts on: with WEBHOOK_ACTIVITIES_PER_SECOND set, it attempts from that queue's webhook queue (so
 * it is required then; without a limit it changes nothing).
 */
export function webhookDelivery(
  o: { taskQueue?: string; event: string; payload: unknown; headers?: Record<string, string> },
  w: DeliverySettings,
): FanOutWebhookInput['delivery'] {
  return {
    event: o.event,
    payload: o.payload,
    headers: o.headers,
    retryScheduleMs: [...w.retryScheduleMs],
    deadlineMs: w.deadlineMs,
    attemptTimeoutMs: w.timeoutMs,
    ...activityTaskQueueFor(o.taskQueue, 'webhook', w.activitiesPerSecond),
  };
}

/** What one delivery of an event to one endpoint starts. */
export function deliverWebhookInput(
  o: Parameters<typeof webhookDelivery>[0] & {
    messageId?: string;
    endpointId: string;
    occurredAt?: Date;
    sendAt?: Date;
  },
  w: DeliverySettings,
): DeliverWebhookInput {
  return {
    messageId: o.messageId,
    endpointId: o.endpointId,
    ...webhookDelivery(o, w),
    occurredAt: o.occurredAt?.toISOString(),
    sendAt: o.sendAt?.toISOString(),
  };
}

/** The request (as POST /v1/webhooks takes it) back from what a delivery or a fan-out was started with. */
export function webhookRequestOf(
  delivery: FanOutWebhookInput['delivery'],
  endpointId: string | undefined,
): Record<string, unknown> {
  return {
    event: delivery.event,
    payload: delivery.payload,
    ...(endpointId ? { endpointId } : {}),
    ...(delivery.headers ? { headers: delivery.headers } : {}),
  };
}
