import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import { WEBHOOK_TARGET_FORBIDDEN } from '../../../workflows/shared/failure-types';
import { createWebhookHttpClient } from '../../../activities/webhooks/http-client';
import { parseAllowList } from '../../../activities/webhooks/ssrf-policy';
import { WebhookTargetForbiddenError } from '../../../activities/webhooks/webhook-target-forbidden-error';
import { createFixture } from './deliver-fixture';
import { type Receiver, reply, startReceiver } from './receiver';

function isForbiddenFailure(pattern: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof ApplicationFailure, `expected an ApplicationFailure, got ${String(error)}`);
    assert.equal(error.type, WEBHOOK_TARGET_FORBIDDEN);
    assert.equal(error.nonRetryable, true);
    assert.match(error.message, pattern);
    return true;
  };
}

void describe('postWebhook and the SSRF policy', () => {
  // No allow-list: the default a production worker starts with.
  const fixture = createFixture({ connectTimeoutMs: 1_000 });
  let receiver: Receiver;

  before(async () => {
    receiver = await startReceiver(reply(204));
  });
  after(async () => {
    await fixture.close();
    await receiver.close();
  });

  void it('refuses at connect time a hostname that resolves to loopback, and the receiver sees nothing', async () => {
    const endpointId = fixture.addEndpoint(`http://localhost:${receiver.port}/hooks`);
    await assert.rejects(
      fixture.post(fixture.input(endpointId)),
      isForbiddenFailure(/localhost resolves to (127\.0\.0\.1|::1), which the SSRF policy forbids \(loopback\)/),
    );
    assert.equal(receiver.requests.length, 0);
    assert.equal(receiver.connections, 0);
  });

  void it('refuses a literal loopback URL before sending anything', async () => {
    const endpointId = fixture.addEndpoint(`http://127.0.0.1:${receiver.port}/`);
    await assert.rejects(
      fixture.post(fixture.input(endpointId)),
      isForbiddenFailure(/127\.0\.0\.1 is not allowed \(loopback\)/),
    );
    assert.equal(receiver.connections, 0);
  });

  void it('refuses an obfuscated literal loopback URL before sending anything', async () => {
    const endpointId = fixture.addEndpoint(`http://2130706433:${receiver.port}/`);
    await assert.rejects(fixture.post(fixture.input(endpointId)), isForbiddenFailure(/127\.0\.0\.1 is not allowed/));
    assert.equal(receiver.connections, 0);
  });

  void it('refuses a URL with credentials', async () => {
    const endpointId = fixture.addEndpoint(`http://user:secret@localhost:${receiver.port}/`);
    await assert.rejects(fixture.post(fixture.input(endpointId)), isForbiddenFailure(/credentials/));
    assert.equal(receiver.connections, 0);
  });

  void it('guards literal addresses in the connector too, for callers that skip checkUrl', async () => {
    await assert.rejects(fixture.client.post(new URL(receiver.origin), {}, '{}'), (error: unknown) => {
      assert.ok(error instanceof WebhookTargetForbiddenError);
      assert.equal(error.address, '127.0.0.1');
      return true;
    });
    assert.equal(receiver.connections, 0);
  });

  void it('delivers to a hostname on the allow-list', async () => {
    const allowed = createFixture({ allow: parseAllowList(['localhost']) });
    try {
      const record = await allowed.post(
        allowed.input(allowed.addEndpoint(`http://localhost:${receiver.port}/allowed`)),
      );
      assert.equal(record.outcome, 'delivered');
      assert.deepEqual(
        receiver.requests.map((request) => request.path),
        ['/allowed'],
      );
    } finally {
      await allowed.close();
    }
  });

  void it('delivers to an address inside an allow-listed network', async () => {
    const client = createWebhookHttpClient({ allow: parseAllowList(['127.0.0.0/8']) });
    try {
      const response = await client.post(new URL(`${receiver.origin}/network`), {}, '{}');
      assert.equal(response.statusCode, 204);
    } finally {
      await client.close();
    }
  });
});
