// postWebhook: exactly one signed HTTP attempt. The deliverWebhook workflow owns the retry
// schedule and the attempt log, so every HTTP-level outcome is returned, not thrown.
import { performance } from 'node:perf_hooks';
import { ApplicationFailure } from '@temporalio/activity';
import { activityContext } from '../activity-context';
import {
  WEBHOOK_ENDPOINT_UNAVAILABLE,
  WEBHOOK_SECRET_UNREADABLE,
  WEBHOOK_TARGET_FORBIDDEN,
} from '../../workflows/shared/failure-types';
import type { AttemptRecord, PostWebhookInput, WebhookEndpoint } from './attempt-record';
import { classifyStatus } from './classify-status';
import { webhookBody } from './envelope';
import type { WebhookHttpClient } from './http-client';
import { buildRequestHeaders } from './request-headers';
import { parseRetryAfter } from './retry-after';
import { SecretUnreadableError } from '../store/secrets/secret-encryption';
import { buildSignatureHeaders } from './signature';
import { checkUrl } from './ssrf-policy';
import { describeTransportError, findTargetForbidden } from './transport-error';

export interface WebhookActivityDeps {
  client: WebhookHttpClient;
  loadEndpoint: (endpointId: string) => Promise<WebhookEndpoint | undefined>;
  /** Milliseconds since the epoch; signs webhook-timestamp and stamps the record. Default Date.now. */
  now?: () => number;
  userAgent?: string;
}

const DEFAULT_USER_AGENT = 'Afterward-Webhooks/1';
const HEARTBEAT_INTERVAL_MS = 1_000;

async function usableEndpoint(
  loadEndpoint: WebhookActivityDeps['loadEndpoint'],
  endpointId: string,
  allow: WebhookHttpClient['allow'],
) {
  const endpoint = await loadEndpoint(endpointId).catch((err: unknown) => {
    // The keys are the same until someone changes PAYLOAD_KEYS and restarts: then recover the deliveries.
    if (err instanceof SecretUnreadableError)
      throw ApplicationFailure.nonRetryable(err.message, WEBHOOK_SECRET_UNREADABLE, { endpointId, keyId: err.keyId });
    throw err;
  });
  // The store answers the same until someone edits the endpoint, so retrying would not help.
  if (!endpoint)
    throw ApplicationFailure.nonRetryable(
      `Webhook endpoint ${endpointId} does not exist`,
      WEBHOOK_ENDPOINT_UNAVAILABLE,
    );
  if (!endpoint.enabled)
    throw ApplicationFailure.nonRetryable(`Webhook endpoint ${endpointId} is disabled`, WEBHOOK_ENDPOINT_UNAVAILABLE);
  if (endpoint.secrets.length === 0)
    throw ApplicationFailure.nonRetryable(
      `Webhook endpoint ${endpointId} has no signing secret`,
      WEBHOOK_ENDPOINT_UNAVAILABLE,
    );
  const refusal = checkUrl(endpoint.url, allow);
  if (refusal)
    throw ApplicationFailure.nonRetryable(
      `Webhook endpoint ${endpointId} URL refused: ${refusal}`,
      WEBHOOK_TARGET_FORBIDDEN,
    );
  return endpoint;
}

export function createWebhookActivities({
  client,
  loadEndpoint,
  now = Date.now,
  userAgent = DEFAULT_USER_AGENT,
}: WebhookActivityDeps) {
  async function postWebhook(input: PostWebhookInput): Promise<AttemptRecord> {
    const context = activityContext();
    const endpoint = await usableEndpoint(loadEndpoint, input.endpointId, client.allow);
    const startedAt = now();
    // Attempts scheduled by workflow code from before occurredAt: when the attempt was first scheduled.
    const timestamp = input.occurredAt ?? new Date(context?.info.scheduledTimestampMs ?? startedAt).toISOString();
    const body = webhookBody({ type: input.event, timestamp, data: input.payload });
    const signature = buildSignatureHeaders(input.jobId, Math.floor(startedAt / 1000), body, endpoint.secrets);
    const headers = buildRequestHeaders(input.headers, signature, userAgent);
    const base = { attempt: input.attempt, at: new Date(startedAt).toISOString(), url: endpoint.url };
    const started = performance.now();
    const latency = () => Math.round(performance.now() - started);
    // Cancellation reaches an activity only through heartbeats.
    const heartbeat = context && setInterval(() => context.heartbeat(), HEARTBEAT_INTERVAL_MS);

    try {
      const response = await client.post(new URL(endpoint.url), headers, body, context?.cancellationSignal);
      const outcome = classifyStatus(response.statusCode);
      const record: AttemptRecord = {
        ...base,
        statusCode: response.statusCode,
        latencyMs: latency(),
        outcome,
        responseSnippet: response.snippet,
      };
      if (response.truncated) record.responseTruncated = true;
      if (outcome === 'retry') {
        const retryAfterMs = parseRetryAfter(response.headers['retry-after'], now());
        if (retryAfterMs !== undefined) record.retryAfterMs = retryAfterMs;
      }
      if (response.statusCode >= 300 && response.statusCode < 400) {
        record.error = `Redirect to ${String(response.headers.location ?? '(no location)')} not followed`;
      }
      return record;
    } catch (error) {
      const forbidden = findTargetForbidden(error);
      // The policy answers the same on every attempt until the operator changes the allow-list.
      if (forbidden) {
        throw ApplicationFailure.nonRetryable(forbidden.message, WEBHOOK_TARGET_FORBIDDEN, {
          hostname: forbidden.hostname,
          address: forbidden.address,
          reason: forbidden.reason,
        });
      }
      if (context?.cancellationSignal.aborted) throw context.cancellationSignal.reason ?? error;
      return { ...base, latencyMs: latency(), outcome: 'retry', error: describeTransportError(error) };
    } finally {
      clearInterval(heartbeat);
    }
  }

  return { postWebhook };
}

export type WebhookActivities = ReturnType<typeof createWebhookActivities>;
