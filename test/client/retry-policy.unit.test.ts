import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backoffMs, DEFAULT_RETRY, delayBeforeRetry, isIdempotent, retryAfterMs } from '../../src/client/retry-policy';

describe('the client retry policy', () => {
  const now = Date.parse('2030-01-01T09:00:00Z');

  it('reads Retry-After as delay-seconds or as an HTTP date', () => {
    assert.equal(retryAfterMs('3', now), 3000);
    assert.equal(retryAfterMs(' 0 ', now), 0);
    assert.equal(retryAfterMs('Tue, 01 Jan 2030 09:00:05 GMT', now), 5000);
    assert.equal(retryAfterMs('Tue, 01 Jan 2030 08:59:00 GMT', now), 0, 'a past date: at once');
    assert.equal(retryAfterMs('soon', now), undefined);
    assert.equal(retryAfterMs(null, now), undefined);
  });

  it("waits the server's Retry-After, never longer than maxDelayMs", () => {
    const policy = { ...DEFAULT_RETRY, maxDelayMs: 2000 };
    assert.equal(delayBeforeRetry(1, '1', policy, now), 1000);
    assert.equal(delayBeforeRetry(1, '120', policy, now), 2000);
    assert.equal(delayBeforeRetry(1, 'Tue, 01 Jan 2030 10:00:00 GMT', policy, now), 2000);
  });

  it('backs off exponentially with jitter, within maxDelayMs, without a Retry-After', () => {
    assert.equal(
      backoffMs(1, 10_000, () => 1),
      250,
    );
    assert.equal(
      backoffMs(3, 10_000, () => 1),
      1000,
    );
    assert.equal(
      backoffMs(10, 10_000, () => 1),
      10_000,
    );
    assert.equal(
      backoffMs(3, 10_000, () => 0.5),
      500,
    );
    assert.ok(delayBeforeRetry(2, null, DEFAULT_RETRY, now) <= 500);
  });

  it('sends again after a network error only a GET or a call with an Idempotency-Key', () => {
    assert.equal(isIdempotent('GET', new Headers()), true);
    assert.equal(isIdempotent('POST', new Headers()), false);
    assert.equal(isIdempotent('POST', new Headers({ 'Idempotency-Key': 'signup-42' })), true);
    assert.equal(isIdempotent('DELETE', new Headers()), false);
  });
});
