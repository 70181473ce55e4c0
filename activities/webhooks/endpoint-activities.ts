// The store-backed side of a delivery: the endpoints an event goes to, endpoint health after each
// attempt, and the audit event that records an automatic disabling.
import { ApplicationFailure } from '@temporalio/activity';
import { WEBHOOK_ENDPOINT_UNAVAILABLE } from '../../workflows/shared/failure-types';
import type { AuditEventInput, AuditStore } from '../store';
import type { AttemptOutcome } from './attempt-record';
import { createWebhookActivities } from './deliver';
import type { DisabledReason, EndpointView } from '../store/webhook-endpoints/endpoint-row';
import type { EndpointStore } from '../store/webhook-endpoints/endpoint-store';
import type { WebhookHttpClient } from './http-client';

export interface WebhookJobDeps {
  /** One per worker: its keep-alive pool is shared by every delivery. */
  client: WebhookHttpClient;
  endpoints: EndpointStore;
  audit: AuditStore;
  /** An endpoint failing for this long without a success is disabled. */
  disableAfterMs: number;
}

export interface RecordWebhookAttemptInput {
  endpointId: string;
  outcome: AttemptOutcome;
  /** When the attempt started (the AttemptRecord's `at`). */
  at: string;
}

export interface WebhookTargetsInput {
  event: string;
  /** The one endpoint to deliver to; absent: every enabled endpoint subscribed to the event. */
  endpointId?: string;
}

export interface EndpointHealth {
  /** False once the endpoint is disabled (or deleted): further attempts would be refused. */
  enabled: boolean;
  disabledReason: DisabledReason | null;
}

export const ENDPOINT_DISABLED_ACTION = 'webhook-endpoint.disabled';

/**
 * The audit event of an automatic disabling. Id and content come from the stored row only, so every
 * report of it is the same event. No URL: webhook URLs often carry a token.
 */
export function disabledAuditEvent(endpoint: EndpointView): AuditEventInput {
  const at = endpoint.disabledAt ?? '';
  return {
    id: `${endpoint.id}-disabled-${Date.parse(at)}`,
    actor: 'afterward',
    action: ENDPOINT_DISABLED_ACTION,
    resource: `webhook-endpoint:${endpoint.id}`,
    at,
    detail: { reason: endpoint.disabledReason, failingSince: endpoint.failingSince },
  };
}

export function createEndpointActivities({
  endpoints,
  audit,
  disableAfterMs,
}: Pick<WebhookJobDeps, 'endpoints' | 'audit' | 'disableAfterMs'>) {
  return {
    /** The ids of the endpoints an event goes to now (never their URLs, which would enter the history). */
    async webhookTargets({ event, endpointId }: WebhookTargetsInput): Promise<string[]> {
      if (endpointId === undefined) return (await endpoints.subscribedTo(event)).map((endpoint) => endpoint.id);
      const endpoint = await endpoints.get(endpointId);
      // The store answers the same until someone edits the endpoint, so retrying would not help.
      if (!endpoint)
        throw ApplicationFailure.nonRetryable(
          `Webhook endpoint ${endpointId} does not exist`,
          WEBHOOK_ENDPOINT_UNAVAILABLE,
        );
      if (!endpoint.enabled)
        throw ApplicationFailure.nonRetryable(
          `Webhook endpoint ${endpointId} is disabled (${endpoint.disabledReason})`,
          WEBHOOK_ENDPOINT_UNAVAILABLE,
        );
      return [endpoint.id];
    },

    /**
     * Reports one attempt's outcome to the endpoint's health. Idempotent: a retry after a crash
     * between the update and the audit append finds the endpoint disabled and appends the same
     * event again, which the audit store counts as a duplicate.
     */
    async recordWebhookAttempt(input: RecordWebhookAttemptInput): Promise<EndpointHealth> {
      const endpoint = await endpoints.recordOutcome(input.endpointId, {
        outcome: input.outcome,
        at: input.at,
        disableAfterMs,
      });
      if (endpoint === undefined) return { enabled: false, disabledReason: null };
      // Disabling by hand is a control action, recorded by the API that took it.
      if (endpoint.disabledAt !== null && endpoint.disabledReason !== 'manual')
        await audit.append([disabledAuditEvent(endpoint)]);
      return { enabled: endpoint.enabled, disabledReason: endpoint.disabledReason };
    },
  };
}

/** Every activity a webhook job calls (deliverWebhook, and fanOutWebhook's lookup). */
export function createWebhookJobActivities(deps: WebhookJobDeps) {
  return {
    ...createWebhookActivities({ client: deps.client, loadEndpoint: deps.endpoints.loadForDelivery }),
    ...createEndpointActivities(deps),
  };
}

export type WebhookJobActivities = ReturnType<typeof createWebhookJobActivities>;
