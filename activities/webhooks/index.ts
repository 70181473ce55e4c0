// The webhook side effect, as activities/index.ts and the endpoint API use it.
export type { AttemptOutcome, AttemptRecord, PostWebhookInput, WebhookEndpoint } from './attempt-record';
export { createWebhookActivities, type WebhookActivities, type WebhookActivityDeps } from './deliver';
export {
  createEndpointActivities,
  createWebhookJobActivities,
  disabledAuditEvent,
  ENDPOINT_DISABLED_ACTION,
  type EndpointHealth,
  type RecordWebhookAttemptInput,
  type WebhookJobActivities,
  type WebhookJobDeps,
  type WebhookTargetsInput,
} from './endpoint-activities';
export type { WebhookEnvelope } from './envelope';
export { createWebhookHttpClient, type WebhookHttpClient, type WebhookHttpClientOptions } from './http-client';
export { isReservedHeader } from './request-headers';
export { MAX_RETRY_AFTER_MS } from './retry-after';
export { buildSignatureHeaders, generateSecret, signPayload, verifyWebhook } from './signature';
export { type AllowList, checkUrl, EMPTY_ALLOW_LIST, isForbiddenAddress, parseAllowList } from './ssrf-policy';
export { WebhookTargetForbiddenError } from './webhook-target-forbidden-error';
export { WebhookVerificationError } from 'standardwebhooks';
