import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import { createEndpointStore } from '../../../activities/store/webhook-endpoints/endpoint-store';
import { verifyWebhook, buildSignatureHeaders } from '../../../activities/webhooks/signature';
import { type Dialect, openTestStore } from '../../helpers/audit-stack';

const HOUR = 3_600_000;
const SPEC_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

/** The endpoint store on a fresh database, with a clock the test moves. */
async function endpointStore(t: TestContext, dialect: Dialect) {
  const store = await openTestStore(dialect);
  t.after(() => store.close());
  const clock = { now: new Date('2030-01-01T00:00:00.000Z') };
  const endpoints = createEndpointStore(store.database, { now: () => clock.now });
  const advance = (ms: number) => (clock.now = new Date(clock.now.getTime() + ms));
  return { endpoints, clock, advance };
}

const at = (iso: string) => ({ at: iso, disableAfterMs: 5 * 24 * HOUR });

/** Its cases on one database; test/activities/stores-on-{sqlite,postgres} run them on each. */
export function describeEndpointStore(dialect: Dialect): void {
  describe(`the webhook endpoint store on ${dialect}`, () => {
    it('creates an endpoint with a generated secret, and shows the secret only at creation', async (t) => {
      const { endpoints } = await endpointStore(t, dialect);
      const { endpoint, secret } = await endpoints.create({
        url: 'https://hooks.example.com/a',
        eventTypes: ['invoice.paid'],
        description: 'billing',
      });
      assert.match(secret, /^whsec_[A-Za-z0-9+/]{32}$/);
      assert.match(endpoint.id, /^ep_[0-9a-z]{26}$/);
      assert.deepEqual(endpoint, {
        id: endpoint.id,
        url: 'https://hooks.example.com/a',
        description: 'billing',
        eventTypes: ['invoice.paid'],
        enabled: true,
        createdAt: '2030-01-01T00:00:00.000Z',
        updatedAt: '2030-01-01T00:00:00.000Z',
        failingSince: null,
        disabledAt: null,
        disabledReason: null,
        previousSecretExpiresAt: null,
      });
      assert.deepEqual(await endpoints.get(endpoint.id), endpoint);
      assert.deepEqual(await endpoints.list(), [endpoint]);
      assert.deepEqual(await endpoints.loadForDelivery(endpoint.id), {
        url: 'https://hooks.example.com/a',
        secrets: [secret],
        enabled: true,
      });
    });

    it('keeps a given secret, changes fields, clears the event filter with null, and deletes', async (t) => {
      const { endpoints, advance } = await endpointStore(t, dialect);
      const { endpoint } = await endpoints.create({
        url: 'https://a.example.com/',
        secret: SPEC_SECRET,
        eventTypes: ['a'],
      });
      assert.deepEqual((await endpoints.loadForDelivery(endpoint.id))?.secrets, [SPEC_SECRET]);
      advance(1000);
      const changed = await endpoints.update(endpoint.id, {
        url: 'https://b.example.com/',
        eventTypes: null,
        description: 'moved',
      });
      assert.equal(changed?.url, 'https://b.example.com/');
      assert.equal(changed?.eventTypes, null);
      assert.equal(changed?.description, 'moved');
      assert.equal(changed?.updatedAt, '2030-01-01T00:00:01.000Z');
      assert.equal(await endpoints.update('ep_missing', { description: 'x' }), undefined);
      assert.equal(await endpoints.remove(endpoint.id), true);
      assert.equal(await endpoints.remove(endpoint.id), false);
      assert.equal(await endpoints.get(endpoint.id), undefined);
      assert.equal(await endpoints.loadForDelivery(endpoint.id), undefined);
    });

    it('finds the enabled endpoints subscribed to an event: filtered ones and those taking every event', async (t) => {
      const { endpoints } = await endpointStore(t, dialect);
      const paid = (
        await endpoints.create({ url: 'https://a.example.com/', eventTypes: ['invoice.paid', 'invoice.voided'] })
      ).endpoint;
      const all = (await endpoints.create({ url: 'https://b.example.com/' })).endpoint;
      await endpoints.create({ url: 'https://c.example.com/', eventTypes: ['user.created'] });
      const disabled = (await endpoints.create({ url: 'https://d.example.com/', eventTypes: ['invoice.paid'] }))
        .endpoint;
      await endpoints.update(disabled.id, { enabled: false });
      assert.deepEqual(
        (await endpoints.subscribedTo('invoice.paid')).map((e) => e.id),
        [paid.id, all.id],
      );
      assert.deepEqual(
        (await endpoints.subscribedTo('invoice')).map((e) => e.id),
        [all.id],
      );
    });

    it('lists endpoints in creation order, also those created within one millisecond', async (t) => {
      const { endpoints } = await endpointStore(t, dialect);
      const created: string[] = [];
      for (let i = 0; i < 40; i++)
        created.push((await endpoints.create({ url: `https://e${i}.example.com/` })).endpoint.id);
      assert.deepEqual(
        (await endpoints.list()).map((e) => e.id),
        created,
      );
    });

    it('rotates a secret: both sign during the grace period, only the new one after it', async (t) => {
      const { endpoints, advance } = await endpointStore(t, dialect);
      const { endpoint, secret: first } = await endpoints.create({ url: 'https://a.example.com/' });
      const rotated = await endpoints.rotateSecret(endpoint.id, { graceMs: 24 * HOUR });
      assert.ok(rotated);
      assert.notEqual(rotated.secret, first);
      assert.equal(rotated.endpoint.previousSecretExpiresAt, '2030-01-02T00:00:00.000Z');
      const during = await endpoints.loadForDelivery(endpoint.id);
      assert.deepEqual(during?.secrets, [rotated.secret, first]);
      // A receiver still on the old secret verifies a delivery signed during the grace period.
      const headers = buildSignatureHeaders('webhook-1', 1_893_456_000, '{}', during!.secrets);
      verifyWebhook(first, headers, '{}', { now: 1_893_456_000_000 });
      advance(24 * HOUR);
      assert.deepEqual((await endpoints.loadForDelivery(endpoint.id))?.secrets, [rotated.secret]);
      assert.equal((await endpoints.get(endpoint.id))?.previousSecretExpiresAt, null);
      assert.equal(await endpoints.rotateSecret('ep_missing', { graceMs: 0 }), undefined);
    });

    it('keeps every retired secret when two rotations race', async (t) => {
      const { endpoints } = await endpointStore(t, dialect);
      const { endpoint, secret: first } = await endpoints.create({ url: 'https://a.example.com/' });
      const [a, b] = await Promise.all([
        endpoints.rotateSecret(endpoint.id, { graceMs: HOUR }),
        endpoints.rotateSecret(endpoint.id, { graceMs: HOUR }),
      ]);
      const secrets = (await endpoints.loadForDelivery(endpoint.id))?.secrets ?? [];
      assert.deepEqual([...secrets].sort(), [first, a!.secret, b!.secret].sort());
    });

    it('tracks a run of failures from its first attempt, and a success ends it', async (t) => {
      const { endpoints } = await endpointStore(t, dialect);
      const { endpoint } = await endpoints.create({ url: 'https://a.example.com/' });
      await endpoints.recordOutcome(endpoint.id, { outcome: 'retry', ...at('2030-01-01T01:00:00.000Z') });
      const failing = await endpoints.recordOutcome(endpoint.id, {
        outcome: 'rejected',
        ...at('2030-01-01T02:00:00.000Z'),
      });
      assert.equal(failing?.failingSince, '2030-01-01T01:00:00.000Z');
      // A success that started before the run began, reported late, does not end it.
      const late = await endpoints.recordOutcome(endpoint.id, {
        outcome: 'delivered',
        ...at('2030-01-01T00:30:00.000Z'),
      });
      assert.equal(late?.failingSince, '2030-01-01T01:00:00.000Z');
      const recovered = await endpoints.recordOutcome(endpoint.id, {
        outcome: 'delivered',
        ...at('2030-01-01T03:00:00.000Z'),
      });
      assert.equal(recovered?.failingSince, null);
      assert.equal(recovered?.enabled, true);
    });

    it('disables an endpoint failing for longer than the disable period, and leaves it disabled', async (t) => {
      const { endpoints } = await endpointStore(t, dialect);
      const { endpoint } = await endpoints.create({ url: 'https://a.example.com/' });
      const report = (outcome: 'retry' | 'delivered', iso: string) =>
        endpoints.recordOutcome(endpoint.id, { outcome, at: iso, disableAfterMs: 2000 });
      await report('retry', '2030-01-01T00:00:00.000Z');
      assert.equal((await report('retry', '2030-01-01T00:00:01.999Z'))?.enabled, true);
      const disabled = await report('retry', '2030-01-01T00:00:02.000Z');
      assert.deepEqual(
        [disabled?.enabled, disabled?.disabledAt, disabled?.disabledReason],
        [false, '2030-01-01T00:00:02.000Z', 'failing'],
      );
      assert.equal((await endpoints.loadForDelivery(endpoint.id))?.enabled, false);
      assert.deepEqual(await report('delivered', '2030-01-01T00:00:03.000Z'), disabled);
      assert.deepEqual(await endpoints.subscribedTo('any'), []);
      const enabled = await endpoints.update(endpoint.id, { enabled: true });
      assert.deepEqual(
        [enabled?.enabled, enabled?.disabledAt, enabled?.disabledReason, enabled?.failingSince],
        [true, null, null, null],
      );
    });

    it('disables an endpoint that answered 410 as gone, at once', async (t) => {
      const { endpoints } = await endpointStore(t, dialect);
      const { endpoint } = await endpoints.create({ url: 'https://a.example.com/' });
      const gone = await endpoints.recordOutcome(endpoint.id, { outcome: 'gone', ...at('2030-01-01T00:00:00.000Z') });
      assert.deepEqual(
        [gone?.enabled, gone?.disabledReason, gone?.disabledAt],
        [false, 'gone', '2030-01-01T00:00:00.000Z'],
      );
      assert.equal(
        await endpoints.recordOutcome('ep_missing', { outcome: 'gone', ...at('2030-01-01T00:00:00.000Z') }),
        undefined,
      );
    });

    it('disables by hand and keeps the first reason when disabled again', async (t) => {
      const { endpoints } = await endpointStore(t, dialect);
      const { endpoint } = await endpoints.create({ url: 'https://a.example.com/' });
      await endpoints.recordOutcome(endpoint.id, { outcome: 'gone', ...at('2030-01-01T00:00:00.000Z') });
      const again = await endpoints.update(endpoint.id, { enabled: false });
      assert.deepEqual([again?.disabledReason, again?.disabledAt], ['gone', '2030-01-01T00:00:00.000Z']);
      await endpoints.update(endpoint.id, { enabled: true });
      const manual = await endpoints.update(endpoint.id, { enabled: false });
      assert.deepEqual([manual?.enabled, manual?.disabledReason], [false, 'manual']);
    });
  });
}
