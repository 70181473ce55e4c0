// The worker's side of a job event (workflows/publish-job-event.ts): whom it goes to, how it is delivered, and the
// attempts of the job it tells of, which only its history knows for a kind whose attempts are activity retries.
import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import type { EndpointStore } from '../../activities/store';
import type {
  JobEventActivities,
  JobEventData,
  JobEventDelivery,
  JobEventDeliveryInput,
  JobEventType,
} from '../../workflows/shared/job-events';
import type { WebhookConfig } from '../config';
import { findKind } from '../kinds';
import { webhookDelivery } from '../kinds/webhook/webhook-job';
import { historyAttempts } from './history-attempts';
import { isInternalWorkflowId } from './internal-workflows';
import { jobRuns } from './retry-job';

export interface JobEventDeps {
  /** Reads the history of the job (its attempts) and its earlier runs. */
  client: Client;
  endpoints: EndpointStore;
  webhooks: Pick<WebhookConfig, 'retryScheduleMs' | 'deadlineMs' | 'timeoutMs' | 'activitiesPerSecond'>;
}

export function createJobEventActivities({ client, endpoints, webhooks }: JobEventDeps): JobEventActivities {
  const isJob = (kind: string, id: string): boolean => findKind(kind) !== undefined && !isInternalWorkflowId(id);
  /** Endpoints that name the event: one taking every event is not sent Afterward's own. */
  const subscribers = async (event: JobEventType): Promise<string[]> =>
    (await endpoints.subscribedTo(event)).filter((e) => e.eventTypes !== null).map((e) => e.id);

  /** The subscribers, and the job's own endpoint. */
  async function targets(event: JobEventType, notifyEndpointId: string | undefined): Promise<string[]> {
    const subscribed = await subscribers(event);
    const notified = notifyEndpointId === undefined ? undefined : await endpoints.get(notifyEndpointId);
    return [...new Set([...subscribed, ...(notified?.enabled ? [notified.id] : [])])];
  }

  async function attempts(data: JobEventDeliveryInput['data']): Promise<number> {
    if (data.attempts !== undefined) return data.attempts;
    const activities = findKind(data.kind)?.attemptActivities ?? [];
    if (activities.length > 0) return historyAttempts(client, data.id, data.runId, activities);
    // A kind without side effects of its own counts the job's runs (a retried sequence), as the job view does.
    return (await jobRuns(client, data.id)).filter((run) => run.runId !== data.runId).length + 1;
  }

  return {
    async jobEventWanted({ event, id, kind }) {
      return isJob(kind, id) && (await subscribers(event)).length > 0;
    },
    async jobEventDelivery({ event, data, notifyEndpointId }: JobEventDeliveryInput): Promise<JobEventDelivery> {
      const to = isJob(data.kind, data.id) ? await targets(event, notifyEndpointId) : [];
      const payload: JobEventData = { ...data, attempts: to.length ? await attempts(data) : 0 };
      const { taskQueue } = Context.current().info;
      return { targets: to, delivery: webhookDelivery({ taskQueue, event, payload }, webhooks) };
    },
  };
}
