// Deliveries checked with the Standard Webhooks reference library (npm `standardwebhooks`), code nobody here
// wrote: what a receiver following the standard would run.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { type WebhookStack, startWebhookStack } from '../helpers/webhook-stack';

describe('webhook deliveries, as a Standard Webhooks receiver verifies them', () => {
  let stack: WebhookStack;

  before(async () => {
    stack = await startWebhookStack('webhooks-standard');
  });
  after(() => stack.close());

  const headersOf = (request: { headers: Record<string, string | string[] | undefined> }): Record<string, string> =>
    Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, String(value)]));

  it('signs the body so the reference library verifies it, and the body says its type, time and data', async () => {
    const endpoint = await stack.createEndpoint({ eventTypes: ['invoice.paid'] }, '/standard');
    const accepted = await stack.send({
      event: 'invoice.paid',
      payload: { invoice: 'in_7', amount: 4200 },
      endpointId: endpoint.id,
    });
    const jobId = accepted.jobs[0].id;
    assert.equal((await stack.closedJob(jobId)).status, 'succeeded');
    const request = stack.receiver.requests.find((r) => r.headers['webhook-id'] === jobId)!;
    const verified = new Webhook(endpoint.secret).verify(request.body, headersOf(request)) as {
      type: string;
      timestamp: string;
      data: unknown;
    };
    assert.equal(verified.type, 'invoice.paid');
    assert.deepEqual(verified.data, { invoice: 'in_7', amount: 4200 });
    assert.ok(!Number.isNaN(Date.parse(verified.timestamp)), verified.timestamp);
    assert.throws(
      () => new Webhook(endpoint.secret).verify(request.body.replace('4200', '4201'), headersOf(request)),
      WebhookVerificationError,
      'a changed body fails',
    );
  });

  it('during a secret rotation, signs with both secrets so a receiver on either verifies', async () => {
    const endpoint = await stack.createEndpoint({ eventTypes: ['invoice.voided'] }, '/rotating');
    const rotated = await stack.api.request('POST', `/v1/webhook-endpoints/${endpoint.id}/rotate-secret`, {});
    assert.equal(rotated.status, 200, JSON.stringify(rotated.body));
    const accepted = await stack.send({
      event: 'invoice.voided',
      payload: { invoice: 'in_8' },
      endpointId: endpoint.id,
    });
    assert.equal((await stack.closedJob(accepted.jobs[0].id)).status, 'succeeded');
    const request = stack.receiver.requests.find((r) => r.headers['webhook-id'] === accepted.jobs[0].id)!;
    for (const secret of [endpoint.secret, rotated.body.secret])
      assert.equal(
        (new Webhook(secret).verify(request.body, headersOf(request)) as { type: string }).type,
        'invoice.voided',
      );
  });
});
