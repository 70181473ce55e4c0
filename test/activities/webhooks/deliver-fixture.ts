// Shared set-up for postWebhook tests: a real receiver on 127.0.0.1, an in-memory endpoint store
// and the activity run through MockActivityEnvironment.
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import type { AttemptRecord, PostWebhookInput, WebhookEndpoint } from '../../../activities/webhooks/attempt-record';
import { createWebhookActivities } from '../../../activities/webhooks/deliver';
import { createWebhookHttpClient, type WebhookHttpClientOptions } from '../../../activities/webhooks/http-client';
import { generateSecret } from '../../../activities/webhooks/signature';
import { parseAllowList } from '../../../activities/webhooks/ssrf-policy';

export const LOOPBACK_ALLOWED = parseAllowList(['127.0.0.1']);
export const OCCURRED_AT = '2027-03-15T13:00:00.000Z';
/** When the mock activity was first scheduled. */
export const SCHEDULED_AT = '2027-03-15T13:00:05.000Z';

export function createFixture(clientOptions: WebhookHttpClientOptions = { allow: LOOPBACK_ALLOWED }) {
  const secret = generateSecret();
  const endpoints = new Map<string, WebhookEndpoint>();
  const client = createWebhookHttpClient(clientOptions);
  const { postWebhook } = createWebhookActivities({ client, loadEndpoint: async (id) => endpoints.get(id) });
  const env = new MockActivityEnvironment(
    { scheduledTimestampMs: Date.parse(SCHEDULED_AT) },
    { logger: new DefaultLogger('ERROR') },
  );
  let next = 0;

  return {
    secret,
    client,
    env,
    endpoints,
    /** Registers an endpoint for `url` and returns its id. */
    addEndpoint(url: string, overrides: Partial<WebhookEndpoint> = {}): string {
      const id = `ep_${++next}`;
      endpoints.set(id, { url, secrets: [secret], enabled: true, ...overrides });
      return id;
    },
    input(endpointId: string, overrides: Partial<PostWebhookInput> = {}): PostWebhookInput {
      return {
        jobId: 'webhook-01J0TEST',
        endpointId,
        event: 'invoice.paid',
        payload: { invoice: 'in_1', amount: 4200 },
        occurredAt: OCCURRED_AT,
        attempt: 1,
        ...overrides,
      };
    },
    post(input: PostWebhookInput): Promise<AttemptRecord> {
      return env.run<[PostWebhookInput], AttemptRecord, typeof postWebhook>(postWebhook, input);
    },
    close: () => client.close(),
  };
}
