// Deliveries with PAYLOAD_KEYS set: secrets are ciphertext in the database, and receivers still verify.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { sealSecret } from '../../activities/store/secrets/secret-encryption';
import { verifyWebhook } from '../../activities/webhooks/signature';
import { createKeyring } from '../../src/security/keyring';
import { WEBHOOK_SECRET_UNREADABLE } from '../../workflows/shared/failure-types';
import type { Handler } from '../activities/webhooks/receiver';
import { DIALECTS } from '../helpers/audit-stack';
import { type WebhookStack, startWebhookStack } from '../helpers/webhook-stack';

const K1 = { id: 'k1', key: randomBytes(32) };

/** Answers 200 when the delivery verifies with every one of `secrets`, else 401. */
const verifying =
  (...secrets: string[]): Handler =>
  (request, response) => {
    try {
      for (const secret of secrets) verifyWebhook(secret, request.headers, request.body);
      response.writeHead(200).end();
    } catch (err) {
      response.writeHead(401).end(String(err));
    }
  };

for (const dialect of DIALECTS) {
  describe(`deliverWebhook with secrets encrypted at rest, on ${dialect}`, () => {
    let stack: WebhookStack;
    const rawSecret = async (id: string) =>
      (
        await sql<{
          secret: string;
          retired_secrets: string;
        }>`select secret, retired_secrets from webhook_endpoints where id = ${id}`.execute(stack.store.database.db)
      ).rows[0]!;
    const setRawSecret = (id: string, secret: string) =>
      sql`update webhook_endpoints set secret = ${secret} where id = ${id}`.execute(stack.store.database.db);
    const deliver = async (endpointId: string, handler: Handler) => {
      stack.handler = handler;
      const jobId = (await stack.send({ endpointId })).jobs[0].id;
      return stack.closedJob(jobId);
    };

    before(async () => {
      stack = await startWebhookStack(
        `encrypted-${dialect}`,
        { secretGraceMs: 60_000 },
        {},
        { dialect, options: { payloadKeys: [K1] } },
      );
    });
    after(() => stack.close());

    it('signs with a secret the database holds only as ciphertext, and with both secrets after a rotation', async () => {
      const endpoint = await stack.createEndpoint();
      const row = await rawSecret(endpoint.id);
      assert.match(row.secret, /^enc:v1:k1:/);
      assert.ok(!JSON.stringify(row).includes(endpoint.secret.slice('whsec_'.length)));
      assert.equal((await deliver(endpoint.id, verifying(endpoint.secret))).status, 'succeeded');

      const rotated = await stack.api.request('POST', `/v1/webhook-endpoints/${endpoint.id}/rotate-secret`, {});
      assert.equal(rotated.status, 200);
      const after = await rawSecret(endpoint.id);
      for (const secret of [endpoint.secret, rotated.body.secret])
        assert.ok(!JSON.stringify(after).includes(secret.slice('whsec_'.length)));
      assert.equal((await deliver(endpoint.id, verifying(endpoint.secret, rotated.body.secret))).status, 'succeeded');
    });

    it('still signs with a plain-text secret stored before keys were set', async () => {
      const endpoint = await stack.createEndpoint();
      await setRawSecret(endpoint.id, endpoint.secret);
      assert.equal((await deliver(endpoint.id, verifying(endpoint.secret))).status, 'succeeded');
    });

    it('fails the delivery for good, naming the endpoint and the key id, when the key is missing', async () => {
      const endpoint = await stack.createEndpoint();
      await setRawSecret(
        endpoint.id,
        sealSecret(createKeyring([{ id: 'k9', key: randomBytes(32) }]), endpoint.id, endpoint.secret),
      );
      stack.receiver.requests.length = 0;
      const job = await deliver(endpoint.id, verifying(endpoint.secret));
      assert.equal(job.status, 'failed');
      assert.deepEqual([job.lastError.type, job.lastError.nonRetryable], [WEBHOOK_SECRET_UNREADABLE, true]);
      assert.match(
        job.lastError.message,
        new RegExp(
          `Webhook endpoint ${endpoint.id}: its signing secret is encrypted with key "k9", which PAYLOAD_KEYS does not hold`,
        ),
      );
      assert.equal(job.attempts, 1);
      assert.equal(stack.receiver.requests.length, 0, 'nothing was sent');

      // The worker carries on: another endpoint still gets its deliveries.
      const other = await stack.createEndpoint();
      assert.equal((await deliver(other.id, verifying(other.secret))).status, 'succeeded');
    });
  });
}
