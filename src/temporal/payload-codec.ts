import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { METADATA_ENCODING_KEY, type Payload, type PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

/** The encoding of an encrypted payload; anything else passes through decoding unchanged. */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
/** Which key encrypted a payload, so an older key still decrypts after a rotation. */
export const KEY_ID_METADATA = 'encryption-key-id';

export interface PayloadKey {
  id: string;
  /** 32 bytes, AES-256. */
  key: Buffer;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** `PAYLOAD_KEYS`: `id:base64key,...`, the newest first. Throws naming the bad entry (never its key). */
export function parsePayloadKeys(text: string): PayloadKey[] {
  const keys = text.split(',').map((entry, index) => {
    const [id = '', base64 = ''] = entry.trim().split(':');
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(id)) throw new Error(`entry ${index + 1}: the key id must be 1-64 letters, digits or _ . -`);
    const key = Buffer.from(base64, 'base64');
    if (key.length !== 32) throw new Error(`key ${id}: must be 32 bytes of base64 (openssl rand -base64 32)`);
    return { id, key };
  });
  if (new Set(keys.map((k) => k.id)).size !== keys.length) throw new Error('two keys have the same id');
  return keys;
}

/**
 * AES-256-GCM over the whole serialized payload (data and metadata), so Temporal's history holds only
 * ciphertext. Encrypts with the first key; decrypts with whichever key id the payload names.
 */
export class AesGcmPayloadCodec implements PayloadCodec {
  private readonly byId: Map<string, Buffer>;

  constructor(private readonly keys: readonly PayloadKey[]) {
    if (keys.length === 0) throw new Error('the payload codec needs at least one key');
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const { id, key } = this.keys[0]!;
    return payloads.map((payload) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const plain = temporal.api.common.v1.Payload.encode(payload).finish();
      const data = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return { metadata: { [METADATA_ENCODING_KEY]: Buffer.from(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: Buffer.from(id) }, data };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      if (Buffer.from(payload.metadata?.[METADATA_ENCODING_KEY] ?? []).toString() !== ENCRYPTED_ENCODING) return payload;
      const id = Buffer.from(payload.metadata?.[KEY_ID_METADATA] ?? []).toString();
      const key = this.byId.get(id);
      if (!key) throw new Error(`payload encrypted with key ${JSON.stringify(id)}, which PAYLOAD_KEYS does not hold`);
      const data = Buffer.from(payload.data ?? []);
      if (data.length < IV_BYTES + TAG_BYTES) throw new Error('encrypted payload is too short');
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      const plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
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
