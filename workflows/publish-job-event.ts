import { proxyActivities } from '@temporalio/workflow';
import { jsonBytes } from './shared/audit-limits';
import type { JobEventActivities, JobEventDeliveryInput } from './shared/job-events';
import { refuseEverySignal } from './shared/rejected-signals';
import { type StartedDelivery, startDeliveries } from './shared/start-deliveries';

export interface PublishJobEventResult {
  messageId: string;
  jobs: StartedDelivery[];
}

const { jobEventDelivery } = proxyActivities<JobEventActivities>({
  startToCloseTimeout: '30 seconds',
  // A store or Temporal outage delays the event; past the deadline it is lost (the job itself closed long before).
  scheduleToCloseTimeout: '1 hour',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/**
 * Tells of a job's close (started by workflows/job-events-interceptors.ts, abandoned by the job): one webhook job
 * per endpoint subscribed to the event by name, and the job's `notify` endpoint. Not a job itself (no JobKind): it
 * emits nothing, and every route answers 404 for it; its deliveries are webhook jobs like any other.
 */
export async function publishJobEvent(input: JobEventDeliveryInput): Promise<PublishJobEventResult> {
  refuseEverySignal();
  const messageId = `jobevent-${input.data.runId}`;
  const { targets, delivery } = await jobEventDelivery(input);
  const summary = { messageId, event: input.event, job: input.data.id, payloadBytes: jsonBytes(delivery.payload) };
  const jobs = await startDeliveries({ messageId, targets, delivery, occurredAt: input.data.closedAt, summary });
  return { messageId, jobs };
}
