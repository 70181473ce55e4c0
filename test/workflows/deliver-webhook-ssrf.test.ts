import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { EMPTY_ALLOW_LIST } from '../../activities/webhooks/ssrf-policy';
import { WEBHOOK_TARGET_FORBIDDEN } from '../../workflows/shared/failure-types';
import { type WebhookStack, startWebhookStack } from '../helpers/webhook-stack';

describe('webhooks and the SSRF policy, with no allow-list (the production default)', () => {
  let stack: WebhookStack;

  before(async () => {
    stack = await startWebhookStack('ssrf', { allowList: EMPTY_ALLOW_LIST });
  });
  after(() => stack.close());

  const refused: [string, RegExp][] = [
    ['http://169.254.169.254/latest/meta-data/', /169\.254\.169\.254 is not allowed \(linkLocal\)/],
    ['http://10.0.0.1/', /10\.0\.0\.1 is not allowed \(private\)/],
    ['http://[::1]/', /::1 is not allowed \(loopback\)/],
    ['http://[::ffff:127.0.0.1]/', /ipv4Mapped of 127\.0\.0\.1 \(loopback\)/],
    ['http://2130706433/', /127\.0\.0\.1 is not allowed \(loopback\)/],
    ['http://0x7f.1/', /127\.0\.0\.1 is not allowed \(loopback\)/],
  ];

  it('refuses internal addresses at submit time with a 400 on url, in every spelling', async () => {
    for (const [url, reason] of refused) {
      const answer = await stack.api.request('POST', '/v1/webhook-endpoints', { url });
      assert.equal(answer.status, 400, url);
      assert.equal(answer.body.errors[0].field, 'url');
      assert.match(answer.body.errors[0].message, reason);
    }
    const local = await stack.api.request('POST', '/v1/webhook-endpoints', { url: stack.receiver.origin });
    assert.equal(local.status, 400);
    assert.equal(stack.receiver.connections, 0);
  });

  it('refuses them when an endpoint is changed too', async () => {
    const endpoint = await stack.createEndpoint({ url: 'https://hooks.example.com/' });
    const answer = await stack.api.request('PATCH', `/v1/webhook-endpoints/${endpoint.id}`, {
      url: 'http://10.0.0.1/',
    });
    assert.deepEqual([answer.status, answer.body.errors[0].field], [400, 'url']);
  });

  it('fails a delivery to a hostname that resolves to loopback at connect time, for good, and sends nothing', async () => {
    const endpoint = await stack.createEndpoint({ url: `http://localhost:${stack.receiver.port}/hooks` });
    const { jobs } = await stack.send({ endpointId: endpoint.id });
    const done = await stack.closedJob(jobs[0].id);
    assert.equal(done.status, 'failed');
    assert.equal(done.lastError.type, WEBHOOK_TARGET_FORBIDDEN);
    assert.equal(done.lastError.nonRetryable, true);
    assert.match(
      done.lastError.message,
      /localhost resolves to (127\.0\.0\.1|::1), which the SSRF policy forbids \(loopback\)/,
    );
    const log = await stack.attempts(jobs[0].id);
    assert.deepEqual(
      log.map((a: any) => [a.attempt, a.outcome]),
      [[1, 'rejected']],
    );
    assert.equal(stack.receiver.connections, 0);
  });
});
