import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { verifyWebhook } from '../../activities/webhooks/signature';
import { WebhookVerificationError } from 'standardwebhooks';
import { type WebhookStack, startWebhookStack } from '../helpers/webhook-stack';
import { waitFor } from '../helpers/wait-for';

const SPEC_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
// Long enough for one delivery under a loaded test run, short enough to wait out.
const GRACE_MS = 3000;

describe('the webhook endpoints API', () => {
  let stack: WebhookStack;

  before(async () => {
    stack = await startWebhookStack('endpoints', { secretGraceMs: GRACE_MS });
  });
  after(() => stack.close());

  it('creates an endpoint, shows its secret once, then lists, gets, changes and deletes it', async () => {
    const api = stack.api;
    const created = await api.request('POST', '/v1/webhook-endpoints', {
      url: `${stack.receiver.origin}/a`,
      eventTypes: ['invoice.paid'],
      description: 'billing',
    });
    assert.equal(created.status, 201);
    const { secret, ...endpoint } = created.body;
    assert.match(secret, /^whsec_/);
    assert.equal(created.headers.get('location'), `/v1/webhook-endpoints/${endpoint.id}`);
    assert.deepEqual(
      [endpoint.enabled, endpoint.eventTypes, endpoint.description],
      [true, ['invoice.paid'], 'billing'],
    );

    assert.deepEqual((await api.request('GET', `/v1/webhook-endpoints/${endpoint.id}`)).body, endpoint);
    const listed = (await api.request('GET', '/v1/webhook-endpoints')).body.endpoints;
    assert.deepEqual(
      listed.find((e: any) => e.id === endpoint.id),
      endpoint,
    );
    assert.doesNotMatch(JSON.stringify(listed), /whsec_/);

    const patched = await api.request('PATCH', `/v1/webhook-endpoints/${endpoint.id}`, {
      eventTypes: null,
      enabled: false,
    });
    assert.deepEqual(
      [patched.status, patched.body.eventTypes, patched.body.enabled, patched.body.disabledReason],
      [200, null, false, 'manual'],
    );
    assert.equal((await api.request('DELETE', `/v1/webhook-endpoints/${endpoint.id}`)).status, 204);
    assert.equal((await api.request('GET', `/v1/webhook-endpoints/${endpoint.id}`)).status, 404);
    assert.equal((await api.request('DELETE', `/v1/webhook-endpoints/${endpoint.id}`)).status, 404);
    assert.equal((await api.request('POST', `/v1/webhook-endpoints/${endpoint.id}/rotate-secret`, {})).status, 404);
  });

  it('records endpoint changes in the audit log without secrets or URLs', async () => {
    const endpoint = await stack.createEndpoint({ secret: SPEC_SECRET }, '/t0k3n');
    await stack.api.request('POST', `/v1/webhook-endpoints/${endpoint.id}/rotate-secret`, {});
    await stack.api.request('DELETE', `/v1/webhook-endpoints/${endpoint.id}`);
    const actions = await waitFor(
      async () => {
        const { events } = await stack.store.audit.list({ resource: `webhook-endpoint:${endpoint.id}` });
        return events.length === 3 && events;
      },
      { what: 'three audit events' },
    );
    assert.deepEqual(actions.map((e) => e.action).sort(), [
      'webhook-endpoint.created',
      'webhook-endpoint.deleted',
      'webhook-endpoint.secret-rotated',
    ]);
    assert.doesNotMatch(JSON.stringify(actions), /whsec_|t0k3n/);
  });

  it('refuses bad input with a 400 naming each field', async () => {
    const bad = await stack.api.request('POST', '/v1/webhook-endpoints', {
      url: 'ftp://example.com/',
      secret: 'whsec_c2hvcnQ=',
      eventTypes: ['ok', 'not ok'],
      extra: 1,
    });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.errors.map((e: any) => e.field).sort(), ['eventTypes[1]', 'extra', 'secret', 'url']);
    assert.match(bad.body.errors.find((e: any) => e.field === 'url').message, /scheme ftp: is not allowed/);
    const endpoint = await stack.createEndpoint();
    const empty = await stack.api.request('PATCH', `/v1/webhook-endpoints/${endpoint.id}`, {});
    assert.equal(empty.status, 400);
    const since = await stack.api.request('POST', `/v1/webhook-endpoints/${endpoint.id}/recover`, {
      since: 'yesterday',
    });
    assert.deepEqual([since.status, since.body.errors[0].field], [400, 'since']);
  });

  it('signs with the old and the new secret during the grace period, and with the new one only after it', async () => {
    const endpoint = await stack.createEndpoint({ secret: SPEC_SECRET });
    const rotated = await stack.api.request('POST', `/v1/webhook-endpoints/${endpoint.id}/rotate-secret`, {});
    assert.equal(rotated.status, 200);
    const fresh = rotated.body.secret;
    assert.notEqual(fresh, SPEC_SECRET);
    assert.ok(Date.parse(rotated.body.previousSecretExpiresAt) > Date.now());
    const rotatedAt = Date.now();

    const deliver = async () => {
      const { jobs } = await stack.send({ endpointId: endpoint.id });
      assert.equal((await stack.closedJob(jobs[0].id)).status, 'succeeded');
      return stack.receiver.requests.find((r) => r.headers['webhook-id'] === jobs[0].id)!;
    };
    const during = await deliver();
    assert.ok(Date.now() - rotatedAt < GRACE_MS, 'the first delivery took longer than the grace period');
    assert.equal(String(during.headers['webhook-signature']).split(' ').length, 2);
    verifyWebhook(SPEC_SECRET, during.headers, during.body);
    verifyWebhook(fresh, during.headers, during.body);

    const expiresAt = Date.parse(rotated.body.previousSecretExpiresAt);
    await waitFor(() => Date.now() > expiresAt, { timeoutMs: GRACE_MS + 5_000, what: 'the old secret to expire' });
    const afterGrace = await deliver();
    assert.equal(String(afterGrace.headers['webhook-signature']).split(' ').length, 1);
    verifyWebhook(fresh, afterGrace.headers, afterGrace.body);
    assert.throws(() => verifyWebhook(SPEC_SECRET, afterGrace.headers, afterGrace.body), WebhookVerificationError);
  });

  it('rotates to a secret the caller chooses', async () => {
    const endpoint = await stack.createEndpoint();
    const rotated = await stack.api.request('POST', `/v1/webhook-endpoints/${endpoint.id}/rotate-secret`, {
      secret: SPEC_SECRET,
    });
    assert.equal(rotated.body.secret, SPEC_SECRET);
    assert.deepEqual((await stack.store.webhookEndpoints.loadForDelivery(endpoint.id))?.secrets, [
      SPEC_SECRET,
      endpoint.secret,
    ]);
  });
});
