import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ENDPOINT_DISABLED_ACTION } from '../../activities/webhooks/endpoint-activities';
import { WEBHOOK_ENDPOINT_UNAVAILABLE, WEBHOOK_REJECTED } from '../../workflows/shared/failure-types';
import { reply } from '../activities/webhooks/receiver';
import { type WebhookStack, startWebhookStack } from '../helpers/webhook-stack';
import { waitFor } from '../helpers/wait-for';

const DISABLE_AFTER_MS = 1500;

describe('disabling a failing webhook endpoint, and recovering its deliveries', () => {
  let stack: WebhookStack;

  before(async () => {
    // Attempts 400 ms apart for longer than the disable period: the endpoint is disabled mid-schedule.
    stack = await startWebhookStack('recovery', {
      disableAfterMs: DISABLE_AFTER_MS,
      retryScheduleMs: [0, 400, 400, 400, 400, 400, 400, 400, 400, 400],
    });
  });
  after(() => stack.close());

  it('disables an endpoint failing past the period, then redelivers its failed deliveries since T once it is back', async () => {
    const endpoint = await stack.createEndpoint();
    const failedJobs = (query = '') =>
      stack.env.client.workflow.count(`WebhookEndpointId = '${endpoint.id}' AND ExecutionStatus = 'Failed'${query}`);

    // Before T: a delivery that failed for good, which a recovery since T leaves alone.
    stack.handler = reply(404);
    const before = (await stack.send({ endpointId: endpoint.id })).jobs[0].id;
    assert.equal((await stack.closedJob(before)).lastError.type, WEBHOOK_REJECTED);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const since = new Date().toISOString();

    stack.handler = reply(500);
    const failing = [
      (await stack.send({ endpointId: endpoint.id })).jobs[0].id,
      (await stack.send({ endpointId: endpoint.id })).jobs[0].id,
    ].sort();
    for (const id of failing) {
      const job = await stack.closedJob(id);
      assert.deepEqual([job.status, job.lastError.type], ['failed', WEBHOOK_ENDPOINT_UNAVAILABLE]);
    }
    const disabled = (await stack.api.request('GET', `/v1/webhook-endpoints/${endpoint.id}`)).body;
    assert.deepEqual([disabled.enabled, disabled.disabledReason], [false, 'failing']);
    assert.ok(Date.parse(disabled.disabledAt) - Date.parse(disabled.failingSince) >= DISABLE_AFTER_MS);
    const audited = await stack.store.audit.list({
      action: ENDPOINT_DISABLED_ACTION,
      resource: `webhook-endpoint:${endpoint.id}`,
    });
    assert.deepEqual(
      audited.events.map((e) => e.at),
      [disabled.disabledAt],
    );

    assert.equal(
      (await stack.api.request('POST', `/v1/webhook-endpoints/${endpoint.id}/recover`, { since })).status,
      409,
    );
    stack.handler = reply(200);
    assert.equal(
      (await stack.api.request('PATCH', `/v1/webhook-endpoints/${endpoint.id}`, { enabled: true })).body.enabled,
      true,
    );
    await waitFor(async () => (await failedJobs()).count === 3, { what: 'three failed deliveries in visibility' });
    stack.receiver.requests.length = 0;

    const recovered = await stack.api.request('POST', `/v1/webhook-endpoints/${endpoint.id}/recover`, { since });
    assert.equal(recovered.status, 202);
    assert.deepEqual(recovered.body, { endpointId: endpoint.id, since, recovered: failing, skipped: [] });
    for (const id of failing) {
      const job = await waitFor(
        async () => {
          const shown = (await stack.api.request('GET', `/v1/jobs/${id}`)).body;
          return shown.status === 'succeeded' && shown;
        },
        { what: `${id} to be redelivered` },
      );
      assert.equal(job.attempts, 1);
    }
    // Same job ids, so the same webhook-id: a receiver that saw an earlier attempt can deduplicate.
    assert.deepEqual(stack.receiver.requests.map((r) => r.headers['webhook-id']).sort(), failing);
    assert.equal((await stack.api.request('GET', `/v1/jobs/${before}`)).body.status, 'failed');

    const again = await stack.api.request('POST', `/v1/webhook-endpoints/${endpoint.id}/recover`, { since });
    assert.deepEqual([again.body.recovered, again.body.skipped], [[], failing]);
    assert.equal((await stack.api.request('POST', '/v1/webhook-endpoints/ep_nothere/recover', { since })).status, 404);
  });
});
