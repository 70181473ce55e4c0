import { METADATA_ENCODING_KEY, type Payload, type PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { createKeyring, type EncryptionKey, type Keyring } from '../security/keyring';

/** The encoding of an encrypted payload; anything else passes through decoding unchanged. */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
/** Which key encrypted a payload, so an older key still decrypts after a rotation. */
export const KEY_ID_METADATA = 'encryption-key-id';

/** One of PAYLOAD_KEYS: they also encrypt webhook secrets at rest (see src/store/open-store.ts). */
export type PayloadKey = EncryptionKey;

/** `PAYLOAD_KEYS`: `id:base64key,...`, the newest first. Throws naming the bad entry (never its key). */
export function parsePayloadKeys(text: string): PayloadKey[] {
  const keys = text.split(',').map((entry, index) => {
    const [id = '', base64 = ''] = entry.trim().split(':');
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(id))
      throw new Error(`entry ${index + 1}: the key id must be 1-64 letters, digits or _ . -`);
    const key = Buffer.from(base64, 'base64');
    if (key.length !== 32) throw new Error(`key ${id}: must be 32 bytes of base64 (openssl rand -base64 32)`);
    return { id, key };
  });
  if (new Set(keys.map((k) => k.id)).size !== keys.length) throw new Error('two keys have the same id');
  return keys;
}

/** Logged at every start without PAYLOAD_KEYS: what anyone who can read the databases, or their backups, reads. */
export const PLAINTEXT_STATE_WARNING =
  'PAYLOAD_KEYS is unset, so nothing is encrypted at rest: every job input and result (email addresses and bodies, ' +
  "webhook payloads) is stored in plain text in Temporal, and webhook signing secrets in plain text in Afterward's " +
  'database. Set PAYLOAD_KEYS="k1:$(openssl rand -base64 32)" on every process to encrypt both (README: Encrypted payloads).';

/**
 * AES-256-GCM over the whole serialized payload (data and metadata), so Temporal's history holds only
 * ciphertext. Encrypts with the first key; decrypts with whichever key id the payload names.
 */
export class AesGcmPayloadCodec implements PayloadCodec {
  private readonly keyring: Keyring;

  constructor(keys: readonly PayloadKey[]) {
    if (keys.length === 0) throw new Error('the payload codec needs at least one key');
    this.keyring = createKeyring(keys);
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const id = this.keyring.currentKeyId;
    return payloads.map((payload) => {
      const data = this.keyring.encrypt(temporal.api.common.v1.Payload.encode(payload).finish());
      return {
        metadata: { [METADATA_ENCODING_KEY]: Buffer.from(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: Buffer.from(id) },
        data,
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      if (Buffer.from(payload.metadata?.[METADATA_ENCODING_KEY] ?? []).toString() !== ENCRYPTED_ENCODING)
        return payload;
      const id = Buffer.from(payload.metadata?.[KEY_ID_METADATA] ?? []).toString();
      const plain = this.keyring.decrypt(id, Buffer.from(payload.data ?? []));
      if (!plain) throw new Error(`payload encrypted with key ${JSON.stringify(id)}, which PAYLOAD_KEYS does not hold`);
      return temporal.api.common.v1.Payload.decode(plain);
    });
  }
}

export function createPayloadCodec(keys: readonly PayloadKey[] | undefined): PayloadCodec | undefined {
  return keys?.length ? new AesGcmPayloadCodec(keys) : undefined;
}

/** The data converter of the client and the worker: encrypting when keys are configured, Temporal's default otherwise. */
export function payloadCodecs(keys: readonly PayloadKey[] | undefined): { payloadCodecs: PayloadCodec[] } | undefined {
  const codec = createPayloadCodec(keys);
  return codec && { payloadCodecs: [codec] };
}
