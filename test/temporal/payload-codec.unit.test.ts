import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { defaultPayloadConverter } from '@temporalio/common';
import { loadConfig } from '../../src/config';
import {
  AesGcmPayloadCodec,
  ENCRYPTED_ENCODING,
  KEY_ID_METADATA,
  parsePayloadKeys,
} from '../../src/temporal/payload-codec';

const key = (id: string) => ({ id, key: randomBytes(32) });
const text = (bytes: Uint8Array | null | undefined): string => Buffer.from(bytes ?? []).toString();

describe('the AES-256-GCM payload codec', () => {
  const [k1, k2] = [key('k1'), key('k2')];
  const plain = defaultPayloadConverter.toPayload({ to: ['ada@example.com'] });

  it('encrypts payload data and metadata, naming the key, and decrypts them back', async () => {
    const codec = new AesGcmPayloadCodec([k1]);
    const [sealed] = await codec.encode([plain]);
    assert.equal(text(sealed!.metadata!.encoding), ENCRYPTED_ENCODING);
    assert.equal(text(sealed!.metadata![KEY_ID_METADATA]), 'k1');
    assert.ok(!text(sealed!.data).includes('ada@example.com'));
    assert.ok(!text(sealed!.data).includes('json/plain'), 'the original encoding is inside the ciphertext too');
    const [opened] = await codec.decode([sealed!]);
    assert.deepEqual(defaultPayloadConverter.fromPayload(opened!), { to: ['ada@example.com'] });
    const [again] = await codec.encode([plain]);
    assert.notDeepEqual(again!.data, sealed!.data, 'a fresh IV every time');
  });

  it('encrypts with the first key and still decrypts with an older one after a rotation', async () => {
    const [old] = await new AesGcmPayloadCodec([k1]).encode([plain]);
    const rotated = new AesGcmPayloadCodec([k2, k1]);
    const [fresh] = await rotated.encode([plain]);
    assert.equal(text(fresh!.metadata![KEY_ID_METADATA]), 'k2');
    const opened = await rotated.decode([old!, fresh!]);
    assert.deepEqual(
      opened.map((p) => defaultPayloadConverter.fromPayload(p)),
      [{ to: ['ada@example.com'] }, { to: ['ada@example.com'] }],
    );
    await assert.rejects(
      new AesGcmPayloadCodec([k2]).decode([old!]),
      /encrypted with key "k1", which PAYLOAD_KEYS does not hold/,
    );
  });

  it('refuses a tampered payload and passes plain ones through', async () => {
    const codec = new AesGcmPayloadCodec([k1]);
    const [sealed] = await codec.encode([plain]);
    const data = Buffer.from(sealed!.data!);
    data[20] = data[20]! ^ 1;
    await assert.rejects(codec.decode([{ ...sealed!, data }]), /unable to authenticate|auth/i);
    assert.deepEqual(await codec.decode([plain]), [plain]);
  });

  it('reads PAYLOAD_KEYS, newest first, and reports a bad one without showing any key', () => {
    const a = randomBytes(32).toString('base64');
    const keys = loadConfig({ PAYLOAD_KEYS: `2025-06:${a},2025-01:${randomBytes(32).toString('base64')}` }).temporal
      .payloadKeys!;
    assert.deepEqual(
      keys.map((k) => k.id),
      ['2025-06', '2025-01'],
    );
    assert.equal(keys[0]!.key.toString('base64'), a);
    const short = randomBytes(16).toString('base64');
    assert.throws(
      () => loadConfig({ PAYLOAD_KEYS: `k:${short}` }),
      (err: Error) =>
        /PAYLOAD_KEYS=\(hidden\) is invalid: key k: must be 32 bytes/.test(err.message) && !err.message.includes(short),
    );
    assert.throws(() => parsePayloadKeys(`k:${a},k:${a}`), /two keys have the same id/);
  });
});
