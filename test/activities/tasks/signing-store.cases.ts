import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it, type TestContext } from 'node:test';
import { sql } from 'kysely';
import { taskSigningSecrets } from '../../../activities/tasks/signing-secrets';
import { createTaskSigningStore } from '../../../activities/store/task-types/signing-store';
import { TaskSecretUnreadableError } from '../../../activities/store/task-types/task-secret-unreadable-error';
import { createKeyring } from '../../../src/security/keyring';
import { type Dialect, openTestStore } from '../../helpers/audit-stack';

const HOUR = 3_600_000;
const K1 = { id: 'k1', key: randomBytes(32) };
const K2 = { id: 'k2', key: randomBytes(32) };
const CHOSEN = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

async function signingStore(t: TestContext, dialect: Dialect) {
  const store = await openTestStore(dialect);
  t.after(() => store.close());
  const clock = { now: new Date('2030-01-01T00:00:00.000Z') };
  const withKeys = (...keys: (typeof K1)[]) =>
    createTaskSigningStore(store.database, {
      now: () => clock.now,
      keyring: keys.length ? createKeyring(keys) : undefined,
    });
  const advance = (ms: number) => (clock.now = new Date(clock.now.getTime() + ms));
  /** The store as another process sees it: its own connection to the same database. */
  const elsewhere = async () => {
    const other = await openTestStore(dialect, store.url);
    t.after(() => other.close());
    return createTaskSigningStore(other.database);
  };
  const raw = async () =>
    (
      await sql<{
        secret: string;
        retired_secrets: string;
      }>`select secret, retired_secrets from task_signing_secrets`.execute(store.database.db)
    ).rows;
  return { withKeys, advance, raw, elsewhere };
}

/** Its cases on one database; test/activities/stores-on-{sqlite,postgres} run them on each. */
export function describeSigningStore(dialect: Dialect): void {
  describe(`the task signing store on ${dialect}`, () => {
    it('generates the first secret once, and answers it from then on', async (t) => {
      const { withKeys } = await signingStore(t, dialect);
      const signing = withKeys();
      assert.deepEqual(await signing.describe(), { createdAt: null, retired: [] });
      const first = await signing.signingSecrets();
      assert.equal(first.generated, true);
      assert.equal(first.secrets.length, 1);
      assert.match(first.secrets[0]!, /^whsec_[A-Za-z0-9+/]{32}$/);
      assert.deepEqual(await signing.signingSecrets(), { secrets: first.secrets, generated: false });
      assert.deepEqual(await signing.describe(), { createdAt: '2030-01-01T00:00:00.000Z', retired: [] });
    });

    it('ends with one secret when several processes start at once', async (t) => {
      const { raw, elsewhere } = await signingStore(t, dialect);
      const processes = await Promise.all([elsewhere(), elsewhere(), elsewhere(), elsewhere()]);
      const answers = await Promise.all(processes.map((s) => s.signingSecrets()));
      assert.equal(answers.filter((a) => a.generated).length, 1, 'one of them generated it');
      assert.equal(new Set(answers.map((a) => a.secrets.join())).size, 1, 'all sign with the same secret');
      assert.equal((await raw()).length, 1);
    });

    it('rotates: the new secret first, the old one until its grace period ends, then the new one alone', async (t) => {
      const { withKeys, advance } = await signingStore(t, dialect);
      const signing = withKeys();
      const [old] = (await signing.signingSecrets()).secrets;
      advance(1000);
      const rotated = await signing.rotate({ graceMs: HOUR });
      assert.notEqual(rotated.secret, old);
      assert.deepEqual(rotated, {
        secret: rotated.secret,
        createdAt: '2030-01-01T00:00:01.000Z',
        retiredUntil: '2030-01-01T01:00:01.000Z',
      });
      assert.deepEqual((await signing.signingSecrets()).secrets, [rotated.secret, old]);
      assert.deepEqual(await signing.describe(), {
        createdAt: '2030-01-01T00:00:01.000Z',
        retired: [{ expiresAt: '2030-01-01T01:00:01.000Z' }],
      });
      await signing.rotate({ secret: CHOSEN, graceMs: 2 * HOUR });
      assert.deepEqual((await signing.signingSecrets()).secrets, [CHOSEN, old, rotated.secret]);
      advance(HOUR);
      assert.deepEqual(
        (await signing.signingSecrets()).secrets,
        [CHOSEN, rotated.secret],
        'past its expiry, a retired secret no longer signs',
      );
      assert.equal((await signing.describe()).retired.length, 1);
    });

    it('rotates before any secret exists: the given one is the first', async (t) => {
      const { withKeys } = await signingStore(t, dialect);
      const signing = withKeys();
      await signing.rotate({ secret: CHOSEN, graceMs: HOUR });
      assert.deepEqual(await signing.signingSecrets(), { secrets: [CHOSEN], generated: false });
    });

    it('keeps both retired secrets when two rotations race', async (t) => {
      const { withKeys } = await signingStore(t, dialect);
      const [a, b] = [withKeys(), withKeys()];
      const [first] = (await a.signingSecrets()).secrets;
      const [x, y] = await Promise.all([a.rotate({ graceMs: HOUR }), b.rotate({ graceMs: HOUR })]);
      const secrets = (await a.signingSecrets()).secrets;
      assert.equal(secrets.length, 3);
      assert.deepEqual([...secrets].sort(), [first, x.secret, y.secret].sort());
    });

    it('stores the secrets sealed with PAYLOAD_KEYS, reseals under a newer key, and says which key is missing', async (t) => {
      const { withKeys, raw } = await signingStore(t, dialect);
      const plain = withKeys();
      const [old] = (await plain.signingSecrets()).secrets;
      assert.equal((await raw())[0]!.secret, old, 'without keys: plain text');
      const sealed = withKeys(K1);
      assert.deepEqual(await sealed.resealSecrets(), { resealed: true, unreadable: [] });
      const rotated = await sealed.rotate({ graceMs: HOUR });
      const [row] = await raw();
      assert.match(row!.secret, /^enc:v1:k1:/);
      assert.doesNotMatch(
        JSON.stringify(row),
        new RegExp([old, rotated.secret].map((s) => s!.slice('whsec_'.length).replace(/[+/]/g, '\\$&')).join('|')),
      );
      assert.deepEqual((await sealed.signingSecrets()).secrets, [rotated.secret, old]);

      assert.deepEqual(await withKeys(K2, K1).resealSecrets(), { resealed: true, unreadable: [] });
      assert.match((await raw())[0]!.secret, /^enc:v1:k2:/);
      assert.deepEqual(
        await withKeys(K2, K1).resealSecrets(),
        { resealed: false, unreadable: [] },
        'nothing left to do',
      );
      await assert.rejects(
        withKeys(K1).signingSecrets(),
        (err) => err instanceof TaskSecretUnreadableError && err.keyId === 'k2' && /PAYLOAD_KEYS/.test(err.message),
      );
      assert.deepEqual(await withKeys(K1).resealSecrets(), { resealed: false, unreadable: ['k2', 'k2'] });
    });

    it('signs with TASK_SIGNING_SECRET when it is set, and never touches the database then', async (t) => {
      const { withKeys, raw } = await signingStore(t, dialect);
      const fromEnv = await taskSigningSecrets({ signingSecrets: [CHOSEN] }, withKeys());
      assert.deepEqual(fromEnv, { secrets: [CHOSEN], source: 'TASK_SIGNING_SECRET', generated: false });
      assert.equal((await raw()).length, 0);
      const stored = await taskSigningSecrets({}, withKeys());
      assert.deepEqual([stored.source, stored.generated, stored.secrets.length], ['database', true, 1]);
    });
  });
}
