// AES-256-GCM with a ring of keys (PAYLOAD_KEYS): encrypt with the newest, decrypt with the one a
// ciphertext names. One implementation for Temporal payloads and for webhook secrets at rest.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Keyring } from '../../activities/store';

export type { Keyring };

export interface EncryptionKey {
  id: string;
  /** 32 bytes, AES-256. */
  key: Buffer;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

export function createKeyring(keys: readonly EncryptionKey[]): Keyring {
  if (keys.length === 0) throw new Error('a keyring needs at least one key');
  const current = keys[0]!;
  const byId = new Map(keys.map((k) => [k.id, k.key]));
  return {
    currentKeyId: current.id,
    encrypt(plain, aad) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', current.key, iv);
      if (aad) cipher.setAAD(aad);
      return Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    },
    decrypt(keyId, data, aad) {
      const key = byId.get(keyId);
      if (!key) return undefined;
      if (data.length < IV_BYTES + TAG_BYTES) throw new Error('the ciphertext is too short');
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
      if (aad) decipher.setAAD(aad);
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      return Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
    },
  };
}
