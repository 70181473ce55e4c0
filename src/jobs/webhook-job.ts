import type { DeliverWebhookInput } from '../../workflows/deliver-webhook';
import type { WebhookConfig } from '../config';

/** What one delivery of an event to one endpoint starts, with the retry policy from config. */
export function deliverWebhookInput(
  o: { messageId: string; endpointId: string; event: string; payload: unknown; headers?: Record<string, string>; sendAt?: Date },
  w: Pick<WebhookConfig, 'retryScheduleMs' | 'deadlineMs' | 'timeoutMs'>,
): DeliverWebhookInput {
  return {
    messageId: o.messageId,
    endpointId: o.endpointId,
    event: o.event,
    payload: o.payload,
    headers: o.headers,
    sendAt: o.sendAt?.toISOString(),
    retryScheduleMs: [...w.retryScheduleMs],
    deadlineMs: w.deadlineMs,
    attemptTimeoutMs: w.timeoutMs,
  };
}
