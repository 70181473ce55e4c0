import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import { TASK_TARGET_FORBIDDEN } from '../../../workflows/shared/failure-types';
import { createTaskHttpClient } from '../../../activities/tasks/task-http-client';
import { checkTaskUrl, withOriginAddresses } from '../../../activities/tasks/task-origins';
import { checkUrl, EMPTY_ALLOW_LIST, parseAllowList } from '../../../activities/webhooks/ssrf-policy';
import { WebhookTargetForbiddenError } from '../../../activities/webhooks/webhook-target-forbidden-error';
import { freePort } from '../../helpers/free-port';
import { type Receiver, reply, startReceiver } from '../webhooks/receiver';
import { createTaskFixture } from './call-task-fixture';

function isForbidden(pattern: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof ApplicationFailure, `expected an ApplicationFailure, got ${String(error)}`);
    assert.equal(error.type, TASK_TARGET_FORBIDDEN);
    assert.equal(error.nonRetryable, true);
    assert.match(error.message, pattern);
    return true;
  };
}

// Forbidden by the webhooks' SSRF tests (test/activities/webhooks/ssrf-policy.test.ts); never contacted here.
const FORBIDDEN_HOSTS = [
  '169.254.169.254',
  '10.0.0.1',
  '192.168.1.1',
  '100.64.0.1',
  '0.0.0.0',
  '127.0.0.1',
  '2130706433',
  '[::1]',
  '[::ffff:127.0.0.1]',
  '[::ffff:169.254.169.254]',
  '[fd12:3456::1]',
  '[fe80::1]',
  '[64:ff9b::a00:1]',
];

void describe('callTask and where it may call', () => {
  let receiver: Receiver;

  before(async () => {
    receiver = await startReceiver(reply(200, {}, 'ok'));
  });
  after(async () => {
    await receiver.close();
  });

  async function withFixture(
    options: Parameters<typeof createTaskFixture>[0],
    run: (fixture: ReturnType<typeof createTaskFixture>) => Promise<void>,
  ) {
    const fixture = createTaskFixture(options);
    try {
      await run(fixture);
    } finally {
      await fixture.close();
    }
  }

  void it('refuses a type whose URL is no longer under an allowed origin, even though the stored row names it', async () => {
    const connections = receiver.connections;
    await withFixture({ origins: [`http://127.0.0.1:${await freePort()}`] }, async (fixture) => {
      const type = fixture.addType('moved.app', `${receiver.origin}/task`);
      await assert.rejects(fixture.call(fixture.input(type)), isForbidden(/is not under an allowed origin/));
    });
    await withFixture({ origins: [] }, async (fixture) => {
      const type = fixture.addType('no.origins', `${receiver.origin}/task`);
      await assert.rejects(fixture.call(fixture.input(type)), isForbidden(/no origin is allowed for task calls/));
    });
    assert.equal(receiver.connections, connections, 'the app was never contacted');
  });

  void it('refuses at connect time an allowed hostname origin that resolves to loopback (judged on the resolved address)', async () => {
    const connections = receiver.connections;
    const origin = `http://localhost:${receiver.port}`;
    await withFixture({ origins: [origin] }, async (fixture) => {
      const type = fixture.addType('local.app', `${origin}/task`);
      await assert.rejects(
        fixture.call(fixture.input(type)),
        isForbidden(
          /Task target localhost resolves to (127\.0\.0\.1|::1), which is forbidden by the SSRF policy \(loopback\); list it in TASK_ALLOW_LIST/,
        ),
      );
    });
    assert.equal(receiver.connections, connections, 'refused before connecting');
  });

  void it('calls an allowed hostname origin on loopback once TASK_ALLOW_LIST exempts 127.0.0.0/8', async () => {
    const origin = `http://localhost:${receiver.port}`;
    await withFixture({ origins: [origin], allowList: parseAllowList(['127.0.0.0/8', '::1']) }, async (fixture) => {
      const { record } = await fixture.call(fixture.input(fixture.addType('local.app', `${origin}/exempt`)));
      assert.equal(record.outcome, 'succeeded');
    });
    assert.equal(receiver.requests.at(-1)?.path, '/exempt');
  });

  void it('calls an allowed origin given as an IP address without TASK_ALLOW_LIST: naming it exempts it', async () => {
    await withFixture({ origins: [receiver.origin] }, async (fixture) => {
      const { record } = await fixture.call(fixture.input(fixture.addType('ip.app', `${receiver.origin}/by-address`)));
      assert.equal(record.outcome, 'succeeded');
    });
    assert.equal(receiver.requests.at(-1)?.path, '/by-address');
  });

  void it('refuses what the webhook guard refuses: every forbidden address, at registration, at the call and at connect', async () => {
    const origins = ['https://app.example.com'];
    const allow = withOriginAddresses(EMPTY_ALLOW_LIST, origins);
    const client = createTaskHttpClient({ allowList: allow });
    try {
      await withFixture({ origins }, async (fixture) => {
        for (const host of FORBIDDEN_HOSTS) {
          const url = `http://${host}:8080/task`;
          assert.ok(checkUrl(url), `the webhook guard refuses ${url}`);
          assert.ok(checkTaskUrl(url, origins, allow), `the task URL guard refuses ${url}`);
          const type = fixture.addType(`forbidden.${FORBIDDEN_HOSTS.indexOf(host)}`, url);
          await assert.rejects(
            fixture.call(fixture.input(type)),
            isForbidden(/refused: is not under an allowed origin/),
            url,
          );
          // A caller that skipped every check still meets the connector, which judges the literal before any packet.
          await assert.rejects(client.post(new URL(url), {}, '{}'), WebhookTargetForbiddenError, url);
        }
      });
    } finally {
      await client.close();
    }
  });
});
