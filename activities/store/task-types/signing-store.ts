// The secret that signs task calls, in the project's own database: one row, generated at first use.
// With a keyring it is stored encrypted like the webhook secrets, and read only to sign.
import type { AuditDatabase } from '..';
import { type Keyring, sealSecret, SecretUnreadableError } from '../secrets/secret-encryption';
import {
  activeRetiredSecrets,
  openSigningSecrets,
  resealStored,
  retireCurrent,
  type StoredSecrets,
} from '../secrets/secret-rotation';
import { generateSecret } from '../../webhooks/signature';
import type { TaskSigningStore } from '../../tasks/task-type';
import { TaskSecretUnreadableError } from './task-secret-unreadable-error';

interface TaskSigningSecretsTable extends StoredSecrets {
  id: string;
  created_at: string;
}

type SigningSchema = { task_signing_secrets: TaskSigningSecretsTable };

/** The row's key: fixed, so two processes inserting the first secret at once end with one. */
const ROW_ID = 'current';
/**
 * What the encryption binds the ciphertext to. Webhook endpoint ids are `ep_…`, so it never opens as an
 * endpoint's secret, nor theirs as this one.
 */
const SEAL_ID = 'task-signing';

/** Tries of `rotate` when another rotation wins the race. */
const MAX_ROTATION_TRIES = 5;

export interface TaskSigningStoreOptions {
  now?: () => Date;
  /** Encrypts the secret at rest (PAYLOAD_KEYS); absent: stored as plain text. */
  keyring?: Keyring;
}

export interface StoredTaskSigning extends TaskSigningStore {
  /** With a keyring, encrypts the stored secrets that are plain text or under an older key; answers the key ids no key opens. */
  resealSecrets(): Promise<{ resealed: boolean; unreadable: string[] }>;
}

export function createTaskSigningStore(
  database: AuditDatabase,
  options: TaskSigningStoreOptions = {},
): StoredTaskSigning {
  const db = database.db.withTables<SigningSchema>();
  const clock = options.now ?? (() => new Date());
  const { keyring } = options;
  const row = () => db.selectFrom('task_signing_secrets').selectAll().where('id', '=', ROW_ID).executeTakeFirst();
  const insertIfAbsent = (secret: string, now: Date) =>
    db
      .insertInto('task_signing_secrets')
      .values({
        id: ROW_ID,
        secret: sealSecret(keyring, SEAL_ID, secret),
        retired_secrets: '[]',
        created_at: now.toISOString(),
      })
      .onConflict((conflict) => conflict.column('id').doNothing())
      .returningAll()
      .executeTakeFirst();
  const open = (stored: StoredSecrets) => {
    try {
      return openSigningSecrets(keyring, SEAL_ID, stored, clock());
    } catch (err) {
      if (err instanceof SecretUnreadableError) throw new TaskSecretUnreadableError(err.keyId, { cause: err });
      throw err;
    }
  };

  return {
    async signingSecrets() {
      const found = await row();
      if (found) return { secrets: open(found), generated: false };
      const inserted = await insertIfAbsent(generateSecret(), clock());
      // Another process made the first secret at the same moment: theirs is the one.
      return { secrets: open(inserted ?? (await row())!), generated: inserted !== undefined };
    },

    async rotate({ secret = generateSecret(), graceMs }) {
      for (let tries = 0; tries < MAX_ROTATION_TRIES; tries++) {
        const now = clock();
        const current = await row();
        if (current === undefined) {
          // Nothing to retire: the new secret is the first.
          if (await insertIfAbsent(secret, now))
            return { secret, createdAt: now.toISOString(), retiredUntil: now.toISOString() };
          continue;
        }
        const retiredUntil = new Date(now.getTime() + graceMs).toISOString();
        // Compare-and-set on the current secret: two rotations at once never lose a retired secret.
        const rotated = await db
          .updateTable('task_signing_secrets')
          .set({
            secret: sealSecret(keyring, SEAL_ID, secret),
            retired_secrets: retireCurrent(keyring, SEAL_ID, current, now, graceMs),
            created_at: now.toISOString(),
          })
          .where('id', '=', ROW_ID)
          .where('secret', '=', current.secret)
          .executeTakeFirst();
        if (rotated.numUpdatedRows > 0n) return { secret, createdAt: now.toISOString(), retiredUntil };
      }
      throw new Error(`The task signing secret changed ${MAX_ROTATION_TRIES} times during one rotation`);
    },

    async describe() {
      const found = await row();
      if (!found) return { createdAt: null, retired: [] };
      const expiries = activeRetiredSecrets(found, clock())
        .map((r) => r.expiresAt)
        .sort();
      return { createdAt: found.created_at, retired: expiries.map((expiresAt) => ({ expiresAt })) };
    },

    async resealSecrets() {
      const found = keyring && (await row());
      if (!keyring || !found) return { resealed: false, unreadable: [] };
      const { stored, unreadable } = resealStored(keyring, SEAL_ID, found, clock());
      if (stored.secret === found.secret && stored.retired_secrets === found.retired_secrets)
        return { resealed: false, unreadable };
      // Compare-and-set: a rotation or another process's reseal in between wins, and is left alone.
      const rewritten = await db
        .updateTable('task_signing_secrets')
        .set(stored)
        .where('id', '=', ROW_ID)
        .where('secret', '=', found.secret)
        .where('retired_secrets', '=', found.retired_secrets)
        .executeTakeFirst();
      return { resealed: rewritten.numUpdatedRows > 0n, unreadable };
    },
  };
}
