// What a webhook endpoint and the task signing secret share: a current secret and the replaced ones
// still in their grace period, each in its stored form (secret-encryption.ts).
import {
  type Keyring,
  needsResealing,
  openSecret,
  sealIfPlain,
  sealSecret,
  SecretUnreadableError,
} from './secret-encryption';

export interface RetiredSecret {
  secret: string;
  expiresAt: string;
}

/** The secret columns of a row: the current secret and a JSON array of RetiredSecret. */
export interface StoredSecrets {
  secret: string;
  retired_secrets: string;
}

/** The replaced secrets whose grace period has not ended at `now`. */
export function activeRetiredSecrets(stored: Pick<StoredSecrets, 'retired_secrets'>, now: Date): RetiredSecret[] {
  return (JSON.parse(stored.retired_secrets) as RetiredSecret[]).filter(
    (retired) => retired.expiresAt > now.toISOString(),
  );
}

/**
 * The retired secrets once the current one is replaced at `now`: those still active, and it until
 * `now + graceMs`. Stored forms move over as they are (no key needed); plain text is sealed on the way.
 */
export function retireCurrent(
  keyring: Keyring | undefined,
  id: string,
  stored: StoredSecrets,
  now: Date,
  graceMs: number,
): string {
  const retired = [
    ...activeRetiredSecrets(stored, now),
    { secret: stored.secret, expiresAt: new Date(now.getTime() + graceMs).toISOString() },
  ];
  return JSON.stringify(retired.map((r) => ({ ...r, secret: sealIfPlain(keyring, id, r.secret) })));
}

/** Every secret that signs at `now`, the current one first. Throws SecretUnreadableError. */
export function openSigningSecrets(
  keyring: Keyring | undefined,
  id: string,
  stored: StoredSecrets,
  now: Date,
): string[] {
  return [stored.secret, ...activeRetiredSecrets(stored, now).map((r) => r.secret)].map((s) =>
    openSecret(keyring, id, s),
  );
}

/**
 * The secrets sealed with the keyring's current key, expired retired ones dropped; unchanged when none
 * needs it. Those no key opens stay as they are, their key ids in `unreadable`.
 */
export function resealStored(
  keyring: Keyring,
  id: string,
  stored: StoredSecrets,
  now: Date,
): { stored: StoredSecrets; unreadable: string[] } {
  const unreadable: string[] = [];
  const retired = JSON.parse(stored.retired_secrets) as RetiredSecret[];
  if (!needsResealing(keyring, stored.secret) && !retired.some((r) => needsResealing(keyring, r.secret)))
    return { stored, unreadable };
  const reseal = (form: string) => {
    if (!needsResealing(keyring, form)) return form;
    try {
      return sealSecret(keyring, id, openSecret(keyring, id, form));
    } catch (err) {
      if (!(err instanceof SecretUnreadableError)) throw err;
      unreadable.push(err.keyId);
      return form;
    }
  };
  const active = retired
    .filter((r) => r.expiresAt > now.toISOString())
    .map((r) => ({ ...r, secret: reseal(r.secret) }));
  return { stored: { secret: reseal(stored.secret), retired_secrets: JSON.stringify(active) }, unreadable };
}
