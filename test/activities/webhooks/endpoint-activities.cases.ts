import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import { createEndpointActivities, ENDPOINT_DISABLED_ACTION } from '../../../activities/webhooks/endpoint-activities';
import { type Dialect, openTestStore } from '../../helpers/audit-stack';

async function setUp(t: TestContext, dialect: Dialect) {
  const store = await openTestStore(dialect);
  t.after(() => store.close());
  const { recordWebhookAttempt } = createEndpointActivities({
    endpoints: store.webhookEndpoints,
    audit: store.audit,
    disableAfterMs: 1000,
  });
  const { endpoint } = await store.webhookEndpoints.create({ url: 'https://hooks.example.com/t0k3n' });
  const disabledEvents = async () => (await store.audit.list({ action: ENDPOINT_DISABLED_ACTION })).events;
  return { store, endpoint, recordWebhookAttempt, disabledEvents };
}

/** Its cases on one database; test/activities/stores-on-{sqlite,postgres} run them on each. */
export function describeEndpointActivities(dialect: Dialect): void {
  describe(`recordWebhookAttempt on ${dialect}`, () => {
    it('disables an endpoint failing past the period and records it in the audit log once, however often it is reported', async (t) => {
      const { endpoint, recordWebhookAttempt, disabledEvents } = await setUp(t, dialect);
      const report = (at: string) => recordWebhookAttempt({ endpointId: endpoint.id, outcome: 'retry', at });
      assert.deepEqual(await report('2030-01-01T00:00:00.000Z'), { enabled: true, disabledReason: null });
      assert.deepEqual(await disabledEvents(), []);
      assert.deepEqual(await report('2030-01-01T00:00:01.000Z'), { enabled: false, disabledReason: 'failing' });
      // The same report again, as after a worker crash between the update and the append.
      assert.deepEqual(await report('2030-01-01T00:00:01.000Z'), { enabled: false, disabledReason: 'failing' });
      const events = await disabledEvents();
      assert.equal(events.length, 1);
      assert.deepEqual(
        { actor: events[0]?.actor, resource: events[0]?.resource, at: events[0]?.at, detail: events[0]?.detail },
        {
          actor: 'afterward',
          resource: `webhook-endpoint:${endpoint.id}`,
          at: '2030-01-01T00:00:01.000Z',
          detail: { reason: 'failing', failingSince: '2030-01-01T00:00:00.000Z' },
        },
      );
      assert.doesNotMatch(JSON.stringify(events), /t0k3n/);
    });

    it('records a 410 as gone, and a deleted endpoint as no longer enabled', async (t) => {
      const { store, endpoint, recordWebhookAttempt, disabledEvents } = await setUp(t, dialect);
      assert.deepEqual(
        await recordWebhookAttempt({ endpointId: endpoint.id, outcome: 'gone', at: '2030-01-01T00:00:00.000Z' }),
        { enabled: false, disabledReason: 'gone' },
      );
      assert.deepEqual(
        (await disabledEvents()).map((e) => e.detail),
        [{ reason: 'gone', failingSince: '2030-01-01T00:00:00.000Z' }],
      );
      await store.webhookEndpoints.remove(endpoint.id);
      assert.deepEqual(
        await recordWebhookAttempt({ endpointId: endpoint.id, outcome: 'retry', at: '2030-01-01T00:00:00.000Z' }),
        { enabled: false, disabledReason: null },
      );
    });

    it('leaves a manual disabling to the API that recorded it', async (t) => {
      const { store, endpoint, recordWebhookAttempt, disabledEvents } = await setUp(t, dialect);
      await store.webhookEndpoints.update(endpoint.id, { enabled: false });
      assert.deepEqual(
        await recordWebhookAttempt({ endpointId: endpoint.id, outcome: 'retry', at: '2030-01-01T00:00:00.000Z' }),
        { enabled: false, disabledReason: 'manual' },
      );
      assert.deepEqual(await disabledEvents(), []);
    });
  });
}
