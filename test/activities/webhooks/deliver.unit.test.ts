import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import { WEBHOOK_ENDPOINT_UNAVAILABLE } from '../../../workflows/shared/failure-types';
import { verifyWebhook } from '../../../activities/webhooks/signature';
import { createFixture, OCCURRED_AT, SCHEDULED_AT } from './deliver-fixture';
import { type Handler, type Receiver, reply, startReceiver } from './receiver';

void describe('postWebhook', () => {
  const fixture = createFixture();
  let handler: Handler = reply(204);
  let receiver: Receiver;

  before(async () => {
    receiver = await startReceiver((request, response) => handler(request, response));
  });
  beforeEach(() => {
    receiver.requests.length = 0;
  });
  after(async () => {
    await fixture.close();
    await receiver.close();
  });

  void it('delivers a signed Standard Webhooks body (type, timestamp, data) that the receiver verifies', async () => {
    let verified: unknown;
    handler = (request, response) => {
      try {
        verified = verifyWebhook(fixture.secret, request.headers, request.body);
        response.writeHead(200).end('ok');
      } catch (error) {
        response.writeHead(401).end(String(error));
      }
    };
    const endpointId = fixture.addEndpoint(`${receiver.origin}/hooks?tenant=7`);
    const headers = { 'X-Tenant': '7', 'Webhook-Id': 'forged', 'Content-Type': 'text/plain' };
    const record = await fixture.post(fixture.input(endpointId, { headers, attempt: 3 }));

    assert.equal(record.outcome, 'delivered');
    assert.equal(record.statusCode, 200);
    assert.equal(record.attempt, 3);
    assert.equal(record.url, `${receiver.origin}/hooks?tenant=7`);
    assert.equal(record.responseSnippet, 'ok');
    assert.ok(!Number.isNaN(Date.parse(record.at)));
    assert.deepEqual(verified, {
      msgId: 'webhook-01J0TEST',
      timestamp: Number(receiver.requests[0]?.headers['webhook-timestamp']),
    });

    const [request] = receiver.requests;
    assert.equal(request?.method, 'POST');
    assert.equal(request?.path, '/hooks?tenant=7');
    assert.equal(
      request?.body,
      `{"type":"invoice.paid","timestamp":"${OCCURRED_AT}","data":{"invoice":"in_1","amount":4200}}`,
    );
    assert.equal(request?.headers['content-type'], 'application/json');
    assert.equal(request?.headers['x-tenant'], '7');
    assert.match(request?.headers['user-agent'] ?? '', /^Afterward-Webhooks/);
  });

  void it('sends the same webhook-id on every attempt so the receiver can deduplicate', async () => {
    handler = reply(503);
    const endpointId = fixture.addEndpoint(receiver.origin);
    await fixture.post(fixture.input(endpointId, { attempt: 1 }));
    await fixture.post(fixture.input(endpointId, { attempt: 2 }));
    assert.deepEqual(
      receiver.requests.map((request) => request.headers['webhook-id']),
      ['webhook-01J0TEST', 'webhook-01J0TEST'],
    );
    assert.equal(new Set(receiver.requests.map((request) => request.body)).size, 1, 'the same body on every attempt');
  });

  void it('stamps an attempt scheduled by workflow code from before occurredAt with when it was first scheduled', async () => {
    await fixture.post(fixture.input(fixture.addEndpoint(receiver.origin), { occurredAt: undefined }));
    assert.deepEqual(JSON.parse(receiver.requests[0]?.body ?? ''), {
      type: 'invoice.paid',
      timestamp: SCHEDULED_AT,
      data: { invoice: 'in_1', amount: 4200 },
    });
  });

  void it('signs with every active secret during a rotation, so the old secret still verifies', async () => {
    const oldSecret = fixture.secret;
    const endpointId = fixture.addEndpoint(receiver.origin, {
      secrets: ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', oldSecret],
    });
    handler = reply(204);
    await fixture.post(fixture.input(endpointId));
    const [request] = receiver.requests;
    assert.equal(request?.headers['webhook-signature']?.toString().split(' ').length, 2);
    verifyWebhook(oldSecret, request?.headers ?? {}, request?.body ?? '');
  });

  void it('records a 500 as a retry with its status and the start of the body', async () => {
    handler = reply(500, {}, 'database is down');
    const record = await fixture.post(fixture.input(fixture.addEndpoint(receiver.origin)));
    assert.equal(record.outcome, 'retry');
    assert.equal(record.statusCode, 500);
    assert.equal(record.responseSnippet, 'database is down');
    assert.equal(record.error, undefined);
  });

  void it('records a 429 with Retry-After: 2 as a retry after 2000 ms', async () => {
    handler = reply(429, { 'retry-after': '2' });
    const record = await fixture.post(fixture.input(fixture.addEndpoint(receiver.origin)));
    assert.equal(record.outcome, 'retry');
    assert.equal(record.statusCode, 429);
    assert.equal(record.retryAfterMs, 2000);
  });

  void it('caps a Retry-After of a day at one hour', async () => {
    handler = reply(503, { 'retry-after': '86400' });
    const record = await fixture.post(fixture.input(fixture.addEndpoint(receiver.origin)));
    assert.equal(record.retryAfterMs, 3_600_000);
  });

  for (const status of [408, 425, 502, 503, 504]) {
    void it(`records a ${status} as a retry`, async () => {
      handler = reply(status);
      assert.equal((await fixture.post(fixture.input(fixture.addEndpoint(receiver.origin)))).outcome, 'retry');
    });
  }

  for (const status of [400, 401, 403, 404, 422]) {
    void it(`records a ${status} as rejected`, async () => {
      handler = reply(status, {}, 'no such hook');
      const record = await fixture.post(fixture.input(fixture.addEndpoint(receiver.origin)));
      assert.equal(record.outcome, 'rejected');
      assert.equal(record.statusCode, status);
    });
  }

  void it('records a 410 as gone', async () => {
    handler = reply(410);
    const record = await fixture.post(fixture.input(fixture.addEndpoint(receiver.origin)));
    assert.equal(record.outcome, 'gone');
    assert.equal(record.statusCode, 410);
  });

  void it('records a 302 as rejected and does not follow the redirect', async () => {
    handler = (request, response) => {
      if (request.path === '/moved') response.writeHead(302, { location: '/elsewhere' }).end();
      else response.writeHead(200).end();
    };
    const record = await fixture.post(fixture.input(fixture.addEndpoint(`${receiver.origin}/moved`)));
    assert.equal(record.outcome, 'rejected');
    assert.equal(record.statusCode, 302);
    assert.match(record.error ?? '', /Redirect to \/elsewhere not followed/);
    assert.deepEqual(
      receiver.requests.map((request) => request.path),
      ['/moved'],
    );
  });

  void it('heartbeats while a slow receiver takes its time, so a lost worker is noticed within the heartbeat timeout', async () => {
    let beats = 0;
    const count = () => void beats++;
    fixture.env.on('heartbeat', count);
    handler = (_request, response) => void setTimeout(() => response.writeHead(204).end(), 3_500);
    try {
      const record = await fixture.post(fixture.input(fixture.addEndpoint(receiver.origin)));
      assert.equal(record.outcome, 'delivered');
      assert.ok(beats >= 3, `${beats} heartbeats while the receiver took 3.5 s`);
    } finally {
      fixture.env.off('heartbeat', count);
    }
  });

  void it('sends nothing and fails for good when the endpoint does not exist', async () => {
    await assert.rejects(fixture.post(fixture.input('ep_missing')), (error: unknown) => {
      assert.ok(error instanceof ApplicationFailure);
      assert.equal(error.type, WEBHOOK_ENDPOINT_UNAVAILABLE);
      assert.equal(error.nonRetryable, true);
      return true;
    });
    assert.equal(receiver.requests.length, 0);
  });

  void it('sends nothing and fails for good when the endpoint is disabled', async () => {
    const endpointId = fixture.addEndpoint(receiver.origin, { enabled: false });
    await assert.rejects(fixture.post(fixture.input(endpointId)), {
      type: WEBHOOK_ENDPOINT_UNAVAILABLE,
      nonRetryable: true,
      message: /disabled/,
    });
    assert.equal(receiver.requests.length, 0);
  });
});
