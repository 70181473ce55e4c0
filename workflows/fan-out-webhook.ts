import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { WebhookJobActivities } from '../activities/webhooks/endpoint-activities';
import { jsonBytes } from './shared/audit-limits';
import type { DeliverWebhookInput } from './deliver-webhook';
import { dueTime } from './shared/due-time';
import { refuseEverySignal } from './shared/rejected-signals';
import { JOB_TAGS } from './shared/search-attributes';
import { type StartedDelivery, startDeliveries } from './shared/start-deliveries';

/** One run of a webhook schedule: the event, and how each delivery goes, shared by every run. */
export interface FanOutWebhookInput {
  /** The one endpoint to deliver to; absent: every enabled endpoint subscribed to the event when the run starts. */
  endpointId?: string;
  /** Each delivery's input, less what the run and the endpoint decide. */
  delivery: Omit<DeliverWebhookInput, 'messageId' | 'endpointId' | 'occurredAt' | 'sendAt'>;
}

export interface FanOutWebhookResult {
  /** The run's job id: the messageId of every delivery it started. */
  messageId: string;
  event: string;
  /** One webhook job per endpoint; `alreadyStarted` when an earlier run of this job had started it. */
  jobs: StartedDelivery[];
}

const { webhookTargets } = proxyActivities<WebhookJobActivities>({
  startToCloseTimeout: '30 seconds',
  // A store outage delays the run; past the deadline it fails, and a retry of the job starts what it had not.
  scheduleToCloseTimeout: '1 hour',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/**
 * Delivers one event to the endpoints subscribed to it when the run starts (or to the one it names): one
 * webhook job each, `<run id>-<endpoint id>` (startDeliveries), so a replay or a retry of this run delivers to
 * no endpoint twice.
 */
export async function fanOutWebhook({ endpointId, delivery }: FanOutWebhookInput): Promise<FanOutWebhookResult> {
  refuseEverySignal();
  const { workflowId: messageId, typedSearchAttributes } = workflowInfo();
  const occurredAt = dueTime().toISOString();
  const tags = typedSearchAttributes.get(JOB_TAGS);
  const summary = { messageId, event: delivery.event, payloadBytes: jsonBytes(delivery.payload) };
  const targets = await webhookTargets({ event: delivery.event, endpointId });
  const jobs = await startDeliveries({ messageId, targets, delivery, occurredAt, summary, tags });
  return { messageId, event: delivery.event, jobs };
}
