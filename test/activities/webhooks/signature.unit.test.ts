import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  buildSignatureHeaders,
  generateSecret,
  signPayload,
  verifyWebhook,
} from '../../../activities/webhooks/signature';
import { WebhookVerificationError } from 'standardwebhooks';

// The example from the Standard Webhooks specification.
const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const msgId = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
const timestamp = 1614265330;
const body = '{"test": 2432232314}';
const expected = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=';
const now = timestamp * 1000;

function headersFor(overrides: Record<string, string> = {}) {
  return { 'webhook-id': msgId, 'webhook-timestamp': String(timestamp), 'webhook-signature': expected, ...overrides };
}

function assertRejected(run: () => unknown, message: RegExp) {
  assert.throws(run, (error: unknown) => error instanceof WebhookVerificationError && message.test(error.message));
}

void describe('signPayload', () => {
  void it('reproduces the Standard Webhooks specification example', () => {
    assert.equal(signPayload({ secret, msgId, timestamp, body }), expected);
  });

  void it('accepts the secret without its whsec_ prefix', () => {
    assert.equal(signPayload({ secret: secret.slice('whsec_'.length), msgId, timestamp, body }), expected);
  });
});

void describe('buildSignatureHeaders', () => {
  void it('sends one space-separated signature per active secret during a rotation', () => {
    const next = generateSecret();
    const headers = buildSignatureHeaders(msgId, timestamp, body, [next, secret]);
    assert.deepEqual(headers, {
      'webhook-id': msgId,
      'webhook-timestamp': '1614265330',
      'webhook-signature': `${signPayload({ secret: next, msgId, timestamp, body })} ${expected}`,
    });
  });

  void it('refuses to sign without any secret', () => {
    assert.throws(() => buildSignatureHeaders(msgId, timestamp, body, []), RangeError);
  });
});

void describe('generateSecret', () => {
  void it('makes a whsec_ secret of 24 random bytes that signs and verifies', () => {
    const fresh = generateSecret();
    assert.match(fresh, /^whsec_[A-Za-z0-9+/]{32}$/);
    assert.notEqual(fresh, generateSecret());
    const headers = buildSignatureHeaders(msgId, timestamp, body, [fresh]);
    assert.deepEqual(verifyWebhook(fresh, headers, body, { now }), { msgId, timestamp });
  });
});

void describe('verifyWebhook', () => {
  void it('accepts the specification example', () => {
    assert.deepEqual(verifyWebhook(secret, headersFor(), body, { now }), { msgId, timestamp });
  });

  void it('reads headers from a Headers instance and from mixed-case object keys', () => {
    verifyWebhook(secret, new Headers(headersFor()), body, { now });
    verifyWebhook(
      secret,
      { 'Webhook-Id': msgId, 'WEBHOOK-TIMESTAMP': String(timestamp), 'Webhook-Signature': expected },
      body,
      { now },
    );
  });

  void it('accepts when one of two signatures matches', () => {
    const other = signPayload({ secret: generateSecret(), msgId, timestamp, body });
    verifyWebhook(secret, headersFor({ 'webhook-signature': `${other} ${expected}` }), body, { now });
  });

  void it('rejects a tampered body', () => {
    assertRejected(() => verifyWebhook(secret, headersFor(), '{"test": 2432232315}', { now }), /No matching signature/);
  });

  void it('rejects a tampered message id', () => {
    assertRejected(
      () => verifyWebhook(secret, headersFor({ 'webhook-id': 'msg_other' }), body, { now }),
      /No matching signature/,
    );
  });

  void it('rejects a tampered timestamp', () => {
    const shifted = String(timestamp + 1);
    assertRejected(
      () => verifyWebhook(secret, headersFor({ 'webhook-timestamp': shifted }), body, { now }),
      /No matching signature/,
    );
  });

  void it('rejects a signature made with another secret', () => {
    assertRejected(() => verifyWebhook(generateSecret(), headersFor(), body, { now }), /No matching signature/);
  });

  void it('rejects a signature without the v1 prefix', () => {
    const bare = expected.slice('v1,'.length);
    assertRejected(
      () => verifyWebhook(secret, headersFor({ 'webhook-signature': `v2,${bare}` }), body, { now }),
      /No matching signature/,
    );
  });

  void it('rejects a message older than five minutes by default', () => {
    verifyWebhook(secret, headersFor(), body, { now: now + 300_000 });
    assertRejected(() => verifyWebhook(secret, headersFor(), body, { now: now + 301_000 }), /too old/);
  });

  void it('rejects a message more than five minutes in the future by default', () => {
    verifyWebhook(secret, headersFor(), body, { now: now - 300_000 });
    assertRejected(() => verifyWebhook(secret, headersFor(), body, { now: now - 301_000 }), /too new/);
  });

  void it('applies a custom tolerance', () => {
    assertRejected(
      () => verifyWebhook(secret, headersFor(), body, { now: now + 11_000, toleranceSeconds: 10 }),
      /too old/,
    );
  });

  void it('rejects a non-numeric timestamp', () => {
    assertRejected(
      () => verifyWebhook(secret, headersFor({ 'webhook-timestamp': '1614265330.5' }), body, { now }),
      /Invalid webhook-timestamp/,
    );
  });

  for (const missing of ['webhook-id', 'webhook-timestamp', 'webhook-signature']) {
    void it(`rejects a message without ${missing}`, () => {
      const headers: Record<string, string> = headersFor();
      delete headers[missing];
      assertRejected(() => verifyWebhook(secret, headers, body, { now }), /Missing/);
    });
  }
});
