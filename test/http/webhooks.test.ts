import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { verifyWebhook } from '../../activities/webhooks/signature';
import { startTestApi } from '../helpers/api';
import { uniqueTaskQueue } from '../helpers/temporal';
import { waitFor } from '../helpers/wait-for';
import { TEST_WEBHOOK_CONFIG, type WebhookStack, startWebhookStack } from '../helpers/webhook-stack';

describe('POST /v1/webhooks', () => {
  let stack: WebhookStack;

  before(async () => {
    stack = await startWebhookStack('webhooks');
  });
  after(() => stack.close());

  /** Fan-out reaches every endpoint of the store: start from none. */
  async function removeAllEndpoints(): Promise<void> {
    for (const endpoint of await stack.store.webhookEndpoints.list())
      await stack.store.webhookEndpoints.remove(endpoint.id);
  }

  it('fans an event out to exactly the enabled endpoints subscribed to it, under one message id', async () => {
    await removeAllEndpoints();
    const event = 'order.shipped';
    const first = await stack.createEndpoint({ eventTypes: [event] }, '/first');
    const second = await stack.createEndpoint({ eventTypes: ['other.event', event] }, '/second');
    await stack.createEndpoint({ eventTypes: ['other.event'] }, '/third');
    const accepted = await stack.send({ event, payload: { order: 42 } });
    assert.equal(accepted.jobs.length, 2);
    assert.equal(accepted.event, event);
    assert.deepEqual(accepted.jobs.map((j: any) => j.input.endpointId).sort(), [first.id, second.id].sort());
    assert.ok(accepted.jobs.every((j: any) => j.input.messageId === accepted.messageId));
    for (const job of accepted.jobs) assert.equal((await stack.closedJob(job.id)).status, 'succeeded');

    const received = stack.receiver.requests.filter((r) =>
      accepted.jobs.some((j: any) => j.id === r.headers['webhook-id']),
    );
    assert.deepEqual(received.map((r) => r.path).sort(), ['/first', '/second']);
    const [toFirst, toSecond] = ['/first', '/second'].map((path) => received.find((r) => r.path === path)!);
    verifyWebhook(first.secret, toFirst!.headers, toFirst!.body);
    verifyWebhook(second.secret, toSecond!.headers, toSecond!.body);
    assert.equal(toFirst!.body, toSecond!.body, 'one event, one timestamp, whichever endpoint it goes to');
    const { type, data } = JSON.parse(toFirst!.body);
    assert.deepEqual([type, data], [event, { order: 42 }]);
  });

  it('accepts an event nobody subscribes to, with no jobs', async () => {
    await removeAllEndpoints();
    await stack.createEndpoint({ eventTypes: ['order.shipped'] });
    const accepted = await stack.send({ event: 'nobody.listens' });
    assert.deepEqual(accepted.jobs, []);
  });

  it('answers a repeated Idempotency-Key with the same message and jobs, and refuses it for another body', async () => {
    const endpoint = await stack.createEndpoint();
    const key = `key-${Date.now()}`;
    const body = { event: 'invoice.paid', payload: { n: 1 }, endpointId: endpoint.id };
    const first = await stack.api.request('POST', '/v1/webhooks', body, { 'Idempotency-Key': key });
    const again = await stack.api.request('POST', '/v1/webhooks', body, { 'Idempotency-Key': key });
    assert.deepEqual([first.status, again.status], [202, 202]);
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.equal(again.body.messageId, first.body.messageId);
    assert.deepEqual(
      again.body.jobs.map((j: any) => j.id),
      first.body.jobs.map((j: any) => j.id),
    );
    assert.equal(again.headers.get('location'), first.headers.get('location'));
    const other = await stack.api.request(
      'POST',
      '/v1/webhooks',
      { ...body, payload: { n: 2 } },
      { 'Idempotency-Key': key },
    );
    assert.equal(other.status, 422);
  });

  it('refuses bad input with a 400 naming each field, and an unknown endpoint', async () => {
    const bad = await stack.api.request('POST', '/v1/webhooks', {
      event: 'has space',
      headers: { 'Webhook-Id': 'x', 'Content-Type': 'text/plain', 'X-Ok': 'a\nb' },
      delay: 'soon',
    });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.errors.map((e: any) => e.field).sort(), [
      'delay',
      'event',
      'headers.Content-Type',
      'headers.Webhook-Id',
      'headers.X-Ok',
      'payload',
    ]);
    const both = await stack.api.request('POST', '/v1/webhooks', {
      event: 'a',
      payload: null,
      sendAt: new Date(Date.now() + 60_000).toISOString(),
      delay: '1h',
    });
    assert.deepEqual([both.status, both.body.errors[0].field], [400, 'delay']);
    const unknown = await stack.api.request('POST', '/v1/webhooks', {
      event: 'a',
      payload: 1,
      endpointId: 'ep_nothere',
    });
    assert.deepEqual([unknown.status, unknown.body.errors[0].field], [400, 'endpointId']);
    assert.equal((await stack.api.request('GET', '/v1/webhooks/email-0123/attempts')).status, 404);
    assert.equal(
      (await stack.api.request('GET', '/v1/webhooks/webhook-00000000000000000000000000/attempts')).status,
      404,
    );
  });

  it('refuses a payload over the cap with 413 and starts nothing', async () => {
    // An API of its own, on a queue no worker polls: whatever it starts stays there to be counted.
    const taskQueue = uniqueTaskQueue('payload-cap');
    const api = await startTestApi(stack.env.client, taskQueue, {
      store: stack.store,
      webhooks: { ...TEST_WEBHOOK_CONFIG, maxPayloadBytes: 1024 },
    });
    try {
      const endpoint = await stack.createEndpoint();
      const count = async () => (await stack.env.client.workflow.count(`TaskQueue = '${taskQueue}'`)).count;
      const tooBig = await api.request('POST', '/v1/webhooks', {
        event: 'a',
        endpointId: endpoint.id,
        payload: { text: 'x'.repeat(1024) },
      });
      assert.deepEqual([tooBig.status, tooBig.body.errors[0].field], [413, 'payload']);
      assert.match(tooBig.body.detail, /more than 1024/);
      // The same request under the cap starts one job. Visibility lags a little: once that job is
      // listed, one started by the refused request earlier would be listed too.
      const fits = await api.request('POST', '/v1/webhooks', {
        event: 'a',
        endpointId: endpoint.id,
        payload: { text: 'x'.repeat(1000) },
      });
      assert.equal(fits.status, 202);
      await waitFor(async () => (await count()) > 0, { what: 'the accepted job in visibility' });
      assert.equal(await count(), 1);
      await stack.env.client.workflow.getHandle(fits.body.jobs[0].id).terminate('test over');
    } finally {
      await api.close();
    }
  });
});
