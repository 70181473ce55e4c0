// Webhook signing secrets at rest. With a keyring (PAYLOAD_KEYS, wired in src/store/open-store.ts) a
// secret is stored as `enc:v1:<key id>:<base64 of iv|ciphertext|tag>`, AES-256-GCM under the newest
// key; without one, as plain text, as before. A secret is always `whsec_…`, so the prefix is unambiguous
// and rows from before encryption (or from a time without keys) still read.

/** AES-256-GCM with several keys; src/security/keyring.ts makes one (the payload codec uses it too). */
export interface Keyring {
  /** The id of the key `encrypt` uses: the first one listed. */
  readonly currentKeyId: string;
  /** `iv | ciphertext | tag` under the current key. `aad` binds the ciphertext to its use. */
  encrypt(plain: Uint8Array, aad?: Uint8Array): Buffer;
  /** undefined: the ring holds no key with this id. Throws when the data does not authenticate. */
  decrypt(keyId: string, data: Uint8Array, aad?: Uint8Array): Buffer | undefined;
}

const PREFIX = 'enc:v1:';

/** A stored secret that cannot be decrypted: its key is not configured, or is not the key that encrypted it. */
export class SecretUnreadableError extends Error {
  override readonly name = 'SecretUnreadableError';

  constructor(
    readonly endpointId: string,
    readonly keyId: string,
    reason: 'missing' | 'wrong',
  ) {
    super(
      reason === 'missing'
        ? `Webhook endpoint ${endpointId}: its signing secret is encrypted with key ${JSON.stringify(keyId)}, which PAYLOAD_KEYS does not hold`
        : `Webhook endpoint ${endpointId}: its signing secret does not decrypt with key ${JSON.stringify(keyId)} of PAYLOAD_KEYS (a different key under the same id?)`,
    );
  }
}

/**
 * The associated data: a ciphertext opens only as the secret of the endpoint it was made for (rows
 * cannot be swapped), and never as a Temporal payload encrypted with the same keys, nor the reverse.
 */
const associatedData = (endpointId: string) => Buffer.from(`afterward/webhook-secret/v1/${endpointId}`);

/** The key id of a stored secret; undefined for plain text. */
export function secretKeyId(stored: string): string | undefined {
  return stored.startsWith(PREFIX) ? stored.slice(PREFIX.length, stored.indexOf(':', PREFIX.length)) : undefined;
}

/** The stored form of `secret` of endpoint `endpointId`: ciphertext with a keyring, plain text without. */
export function sealSecret(keyring: Keyring | undefined, endpointId: string, secret: string): string {
  if (!keyring) return secret;
  const data = keyring.encrypt(Buffer.from(secret, 'utf8'), associatedData(endpointId));
  return `${PREFIX}${keyring.currentKeyId}:${data.toString('base64')}`;
}

/** The secret a stored form holds. Throws SecretUnreadableError when its key is missing or wrong. */
export function openSecret(keyring: Keyring | undefined, endpointId: string, stored: string): string {
  const keyId = secretKeyId(stored);
  if (keyId === undefined) return stored;
  const data = Buffer.from(stored.slice(PREFIX.length + keyId.length + 1), 'base64');
  let plain: Buffer | undefined;
  try {
    plain = keyring?.decrypt(keyId, data, associatedData(endpointId));
  } catch {
    throw new SecretUnreadableError(endpointId, keyId, 'wrong');
  }
  if (!plain) throw new SecretUnreadableError(endpointId, keyId, 'missing');
  return plain.toString('utf8');
}

/** Whether a stored secret should be encrypted anew: plain text, or an older key, while a keyring is configured. */
export function needsResealing(keyring: Keyring | undefined, stored: string): boolean {
  return keyring !== undefined && secretKeyId(stored) !== keyring.currentKeyId;
}

/** Plain text becomes ciphertext; ciphertext stays as it is, readable or not (rotation needs no key). */
export function sealIfPlain(keyring: Keyring | undefined, endpointId: string, stored: string): string {
  return secretKeyId(stored) === undefined ? sealSecret(keyring, endpointId, stored) : stored;
}
