import { type SearchAttributePair, WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, startChild, WorkflowIdReusePolicy } from '@temporalio/workflow';
import { deliverWebhook, type DeliverWebhookInput } from '../deliver-webhook';
import { startPhaseAttribute } from './job-phase';
import { JOB_KIND, JOB_TAGS, WEBHOOK_ENDPOINT_ID } from './search-attributes';
import { webhookLine } from './summary-lines';
import { jobMetadata } from './workflow-metadata';

export interface StartedDelivery {
  id: string;
  endpointId: string;
  alreadyStarted?: true;
}

/**
 * One webhook job per endpoint, `<message id>-<endpoint id>`, listed and controlled like any webhook job, and left
 * running when the workflow that starts them closes. A job id is started again only once its earlier run failed
 * (or timed out, was cancelled or terminated): a replay or a retry of the caller delivers to no endpoint twice.
 */
export async function startDeliveries(o: {
  messageId: string;
  targets: readonly string[];
  delivery: Omit<DeliverWebhookInput, 'messageId' | 'endpointId' | 'occurredAt' | 'sendAt'>;
  occurredAt: string;
  /** The memo's input of each job, less its endpoint. */
  summary: { event: string } & Record<string, unknown>;
  tags?: string[];
}): Promise<StartedDelivery[]> {
  return Promise.all(
    o.targets.map(async (target) => {
      const id = `${o.messageId}-${target}`;
      const searchAttributes: SearchAttributePair[] = [
        { key: JOB_KIND, value: 'webhook' },
        { key: WEBHOOK_ENDPOINT_ID, value: target },
        startPhaseAttribute(undefined, new Date()),
        ...(o.tags?.length ? [{ key: JOB_TAGS, value: o.tags }] : []),
      ];
      const summary = { ...o.summary, endpointId: target };
      try {
        await startChild(deliverWebhook, {
          workflowId: id,
          args: [{ ...o.delivery, messageId: o.messageId, endpointId: target, occurredAt: o.occurredAt }],
          parentClosePolicy: ParentClosePolicy.ABANDON,
          workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
          typedSearchAttributes: searchAttributes,
          memo: { input: summary },
          ...jobMetadata({ kind: 'webhook', line: webhookLine(summary), summary, tags: o.tags }),
        });
        return { id, endpointId: target };
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
        return { id, endpointId: target, alreadyStarted: true as const };
      }
    }),
  );
}
