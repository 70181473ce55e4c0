// Webhook secrets at rest under PAYLOAD_KEYS: what the database holds, and what each key set can read.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it, type TestContext } from 'node:test';
import { sql } from 'kysely';
import type { AuditDatabase } from '../../../activities/store';
import { createEndpointStore } from '../../../activities/store/webhook-endpoints/endpoint-store';
import { SecretUnreadableError } from '../../../activities/store/secrets/secret-encryption';
import { createKeyring } from '../../../src/security/keyring';
import { AesGcmPayloadCodec, ENCRYPTED_ENCODING, KEY_ID_METADATA } from '../../../src/temporal/payload-codec';
import { type Dialect, openTestStore } from '../../helpers/audit-stack';

const HOUR = 3_600_000;
const K1 = { id: 'k1', key: randomBytes(32) };
const K2 = { id: 'k2', key: randomBytes(32) };

/** The stored secret columns of an endpoint, as the database holds them. */
async function rawRow(database: AuditDatabase, id: string): Promise<{ secret: string; retired_secrets: string }> {
  const { rows } = await sql<{
    secret: string;
    retired_secrets: string;
  }>`select secret, retired_secrets from webhook_endpoints where id = ${id}`.execute(database.db);
  return rows[0]!;
}

/** Neither the secret nor its key part (what HMAC signs with) appears anywhere in the row. */
function assertHidden(row: { secret: string; retired_secrets: string }, ...secrets: string[]): void {
  const text = JSON.stringify(row);
  for (const secret of secrets) {
    assert.ok(!text.includes(secret) && !text.includes(secret.slice('whsec_'.length)), 'the secret is in the row');
  }
}

async function freshStore(t: TestContext, dialect: Dialect) {
  const store = await openTestStore(dialect);
  t.after(() => store.close());
  const clock = { now: new Date('2030-01-01T00:00:00.000Z') };
  const withKeys = (...keys: (typeof K1)[]) =>
    createEndpointStore(store.database, {
      now: () => clock.now,
      keyring: keys.length ? createKeyring(keys) : undefined,
    });
  return { store, clock, withKeys };
}

/** Its cases on one database; test/activities/stores-on-{sqlite,postgres} run them on each. */
export function describeEndpointEncryption(dialect: Dialect): void {
  describe(`webhook secrets encrypted at rest on ${dialect}`, () => {
    it('stores created and rotated secrets as ciphertext with the key id, and reads them back', async (t) => {
      const { store, clock, withKeys } = await freshStore(t, dialect);
      const endpoints = withKeys(K1);
      const { endpoint, secret } = await endpoints.create({ url: 'https://a.example.com/' });
      const created = await rawRow(store.database, endpoint.id);
      assert.match(created.secret, /^enc:v1:k1:[A-Za-z0-9+/]+=*$/);
      assertHidden(created, secret);
      assert.deepEqual((await endpoints.loadForDelivery(endpoint.id))?.secrets, [secret]);

      const rotated = await endpoints.rotateSecret(endpoint.id, { graceMs: HOUR });
      const row = await rawRow(store.database, endpoint.id);
      assert.match(row.secret, /^enc:v1:k1:/);
      assert.match(JSON.parse(row.retired_secrets)[0].secret, /^enc:v1:k1:/);
      assertHidden(row, secret, rotated!.secret);
      assert.deepEqual((await endpoints.loadForDelivery(endpoint.id))?.secrets, [rotated!.secret, secret]);

      const chosen = `whsec_${randomBytes(32).toString('base64')}`;
      await endpoints.rotateSecret(endpoint.id, { secret: chosen, graceMs: HOUR });
      assertHidden(await rawRow(store.database, endpoint.id), secret, rotated!.secret, chosen);
      assert.deepEqual((await endpoints.loadForDelivery(endpoint.id))?.secrets, [chosen, secret, rotated!.secret]);
      clock.now = new Date(clock.now.getTime() + 2 * HOUR);
      assert.deepEqual((await endpoints.loadForDelivery(endpoint.id))?.secrets, [chosen]);
    });

    it('reads secrets of an older key after a key rotation, and re-encrypts them with the newest at start', async (t) => {
      const { store, withKeys } = await freshStore(t, dialect);
      const { endpoint, secret } = await withKeys(K1).create({ url: 'https://a.example.com/' });
      const rotatedKeys = withKeys(K2, K1);
      assert.deepEqual((await rotatedKeys.loadForDelivery(endpoint.id))?.secrets, [secret]);

      // A secret rotation after the key rotation: the new secret under k2, the retired one moved over as it was.
      const rotated = await rotatedKeys.rotateSecret(endpoint.id, { graceMs: HOUR });
      const row = await rawRow(store.database, endpoint.id);
      assert.match(row.secret, /^enc:v1:k2:/);
      assert.match(JSON.parse(row.retired_secrets)[0].secret, /^enc:v1:k1:/);
      assert.deepEqual((await rotatedKeys.loadForDelivery(endpoint.id))?.secrets, [rotated!.secret, secret]);

      // The start-up step: every secret under k2, after which k1 can go.
      const reopened = await openTestStore(dialect, store.url, { payloadKeys: [K2, K1] });
      try {
        const resealed = await rawRow(store.database, endpoint.id);
        assert.match(resealed.secret, /^enc:v1:k2:/);
        assert.match(JSON.parse(resealed.retired_secrets)[0].secret, /^enc:v1:k2:/);
        assertHidden(resealed, secret, rotated!.secret);
        assert.deepEqual(
          await reopened.webhookEndpoints.resealSecrets(),
          { resealed: [], unreadable: [] },
          'nothing left to do',
        );
      } finally {
        await reopened.close();
      }
      assert.deepEqual((await withKeys(K2).loadForDelivery(endpoint.id))?.secrets, [rotated!.secret, secret]);
    });

    it('keeps plain-text rows from before keys working, and encrypts them when rotated or at start', async (t) => {
      const { store, withKeys } = await freshStore(t, dialect);
      const plain = withKeys();
      const a = await plain.create({ url: 'https://a.example.com/' });
      const b = await plain.create({ url: 'https://b.example.com/' });
      assert.equal(
        (await rawRow(store.database, a.endpoint.id)).secret,
        a.secret,
        'without keys: plain text, as before',
      );

      const keyed = withKeys(K1);
      assert.deepEqual((await keyed.loadForDelivery(a.endpoint.id))?.secrets, [a.secret]);
      const rotated = await keyed.rotateSecret(a.endpoint.id, { graceMs: HOUR });
      assertHidden(await rawRow(store.database, a.endpoint.id), a.secret, rotated!.secret);
      assert.deepEqual((await keyed.loadForDelivery(a.endpoint.id))?.secrets, [rotated!.secret, a.secret]);

      const reopened = await openTestStore(dialect, store.url, { payloadKeys: [K1] });
      await reopened.close();
      const row = await rawRow(store.database, b.endpoint.id);
      assert.match(row.secret, /^enc:v1:k1:/);
      assertHidden(row, b.secret);
      assert.deepEqual((await keyed.loadForDelivery(b.endpoint.id))?.secrets, [b.secret]);
    });

    it('refuses to read a secret whose key is missing or wrong, naming the endpoint and the key id', async (t) => {
      const { store, withKeys } = await freshStore(t, dialect);
      const { endpoint, secret } = await withKeys(K1).create({ url: 'https://a.example.com/' });
      const unreadable = (reason: RegExp) => (err: unknown) =>
        err instanceof SecretUnreadableError &&
        err.endpointId === endpoint.id &&
        err.keyId === 'k1' &&
        err.message.includes(endpoint.id) &&
        reason.test(err.message) &&
        !err.message.includes(secret);
      await assert.rejects(
        withKeys(K2).loadForDelivery(endpoint.id),
        unreadable(/encrypted with key "k1", which PAYLOAD_KEYS does not hold/),
      );
      await assert.rejects(withKeys().loadForDelivery(endpoint.id), unreadable(/which PAYLOAD_KEYS does not hold/));
      await assert.rejects(
        withKeys({ id: 'k1', key: randomBytes(32) }).loadForDelivery(endpoint.id),
        unreadable(/does not decrypt with key "k1"/),
      );

      // The start-up step reports it and leaves the row as it is; the other endpoints are still read.
      const before = await rawRow(store.database, endpoint.id);
      const other = await withKeys(K2).create({ url: 'https://b.example.com/' });
      assert.deepEqual(await withKeys(K2).resealSecrets(), {
        resealed: [],
        unreadable: [{ endpointId: endpoint.id, keyId: 'k1' }],
      });
      assert.deepEqual(await rawRow(store.database, endpoint.id), before);
      assert.deepEqual((await withKeys(K2).loadForDelivery(other.endpoint.id))?.secrets, [other.secret]);
      // Rotating needs no key: the unreadable secret is retired as it is, the new one signs.
      const rotated = await withKeys(K2).rotateSecret(endpoint.id, { graceMs: 0 });
      assert.deepEqual((await withKeys(K2).loadForDelivery(endpoint.id))?.secrets, [rotated!.secret]);
    });

    it('binds a ciphertext to its endpoint, and to webhook secrets rather than Temporal payloads', async (t) => {
      const { store, withKeys } = await freshStore(t, dialect);
      const endpoints = withKeys(K1);
      const a = await endpoints.create({ url: 'https://a.example.com/' });
      const b = await endpoints.create({ url: 'https://b.example.com/' });
      const stolen = (await rawRow(store.database, a.endpoint.id)).secret;
      await sql`update webhook_endpoints set secret = ${stolen} where id = ${b.endpoint.id}`.execute(store.database.db);
      await assert.rejects(endpoints.loadForDelivery(b.endpoint.id), SecretUnreadableError);

      const data = Buffer.from(stolen.split(':')[3]!, 'base64');
      const asPayload = {
        metadata: { encoding: Buffer.from(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: Buffer.from('k1') },
        data,
      };
      await assert.rejects(new AesGcmPayloadCodec([K1]).decode([asPayload]), /authenticate/);
    });
  });
}
