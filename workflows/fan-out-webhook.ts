import { type SearchAttributePair, WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import {
  ParentClosePolicy,
  proxyActivities,
  startChild,
  workflowInfo,
  WorkflowIdReusePolicy,
} from '@temporalio/workflow';
import type { WebhookJobActivities } from '../activities/webhooks/endpoint-activities';
import { jsonBytes } from './shared/audit-limits';
import { deliverWebhook, type DeliverWebhookInput } from './deliver-webhook';
import { dueTime } from './shared/due-time';
import { refuseEverySignal } from './shared/rejected-signals';
import { JOB_KIND, JOB_TAGS, WEBHOOK_ENDPOINT_ID } from './shared/search-attributes';

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
  jobs: { id: string; endpointId: string; alreadyStarted?: true }[];
}

const { webhookTargets } = proxyActivities<WebhookJobActivities>({
  startToCloseTimeout: '30 seconds',
  // A store outage delays the run; past the deadline it fails, and a retry of the job starts what it had not.
  scheduleToCloseTimeout: '1 hour',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/**
 * Delivers one event to the endpoints subscribed to it when the run starts (or to the one it names): one
 * webhook job each, `<run id>-<endpoint id>`, listed and controlled like any webhook job, and left running
 * when this run closes. The ids derive from the run, and a job id is started again only once its earlier run
 * failed (or timed out, was cancelled or terminated): a replay or a retry of this run delivers to no endpoint twice.
 */
export async function fanOutWebhook({ endpointId, delivery }: FanOutWebhookInput): Promise<FanOutWebhookResult> {
  refuseEverySignal();
  const { workflowId: messageId, typedSearchAttributes } = workflowInfo();
  const occurredAt = dueTime().toISOString();
  const tags = typedSearchAttributes.get(JOB_TAGS);
  const summary = { messageId, event: delivery.event, payloadBytes: jsonBytes(delivery.payload) };
  const targets = await webhookTargets({ event: delivery.event, endpointId });
  const jobs = await Promise.all(
    targets.map(async (target) => {
      const id = `${messageId}-${target}`;
      const searchAttributes: SearchAttributePair[] = [
        { key: JOB_KIND, value: 'webhook' },
        { key: WEBHOOK_ENDPOINT_ID, value: target },
        ...(tags?.length ? [{ key: JOB_TAGS, value: tags }] : []),
      ];
      try {
        await startChild(deliverWebhook, {
          workflowId: id,
          args: [{ ...delivery, messageId, endpointId: target, occurredAt }],
          parentClosePolicy: ParentClosePolicy.ABANDON,
          workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
          typedSearchAttributes: searchAttributes,
          memo: { input: { ...summary, endpointId: target } },
        });
        return { id, endpointId: target };
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
        return { id, endpointId: target, alreadyStarted: true as const };
      }
    }),
  );
  return { messageId, event: delivery.event, jobs };
}
