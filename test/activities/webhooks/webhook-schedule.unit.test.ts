import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_RETRY_SCHEDULE_MS, nextDelayMs } from '../../../workflows/shared/webhook-schedule';

/** mulberry32: a tiny seeded generator, so failures reproduce. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

void describe('nextDelayMs', () => {
  void it('follows the Svix-like schedule: at once, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h', () => {
    const delays = DEFAULT_RETRY_SCHEDULE_MS.map((_, index) =>
      nextDelayMs(index, { jitterRatio: 0, random: Math.random }),
    );
    assert.deepEqual(delays, [0, 5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000]);
  });

  void it('gives up once the schedule is exhausted', () => {
    assert.equal(nextDelayMs(DEFAULT_RETRY_SCHEDULE_MS.length, { random: Math.random }), undefined);
    assert.equal(nextDelayMs(1, { schedule: [0], random: Math.random }), undefined);
  });

  void it('stays within the jitter bounds for a seeded random source', () => {
    const random = seeded(42);
    const seen = new Set<number>();
    for (let round = 0; round < 200; round += 1) {
      for (const [index, base] of DEFAULT_RETRY_SCHEDULE_MS.entries()) {
        const delay = nextDelayMs(index, { jitterRatio: 0.2, random });
        assert.ok(
          delay !== undefined && delay >= Math.floor(base * 0.8) && delay <= Math.ceil(base * 1.2),
          `${delay} for ${base}`,
        );
        if (index === 2) seen.add(delay);
      }
    }
    assert.ok(seen.size > 100, 'jitter actually spreads the delays');
  });

  void it('reaches both ends of the jitter range', () => {
    assert.equal(nextDelayMs(1, { jitterRatio: 0.2, random: () => 0 }), 4_000);
    assert.equal(nextDelayMs(1, { jitterRatio: 0.2, random: () => 0.999999999 }), 6_000);
  });

  void it('is deterministic for the same seed, as workflow replay requires', () => {
    const first = [1, 2, 3].map((index) => nextDelayMs(index, { random: seeded(7) }));
    const second = [1, 2, 3].map((index) => nextDelayMs(index, { random: seeded(7) }));
    assert.deepEqual(first, second);
  });

  void it('waits at least as long as Retry-After asks', () => {
    assert.equal(nextDelayMs(1, { jitterRatio: 0, random: Math.random, retryAfterMs: 120_000 }), 120_000);
  });

  void it('keeps the scheduled delay when Retry-After asks for less', () => {
    assert.equal(nextDelayMs(3, { jitterRatio: 0, random: Math.random, retryAfterMs: 2_000 }), 1_800_000);
  });

  void it('still gives up when exhausted, whatever Retry-After says', () => {
    assert.equal(nextDelayMs(8, { random: Math.random, retryAfterMs: 1_000 }), undefined);
  });

  void it('refuses a negative attempt index and an out-of-range jitter ratio', () => {
    assert.throws(() => nextDelayMs(-1, { random: Math.random }), RangeError);
    assert.throws(() => nextDelayMs(0, { random: Math.random, jitterRatio: 1.5 }), RangeError);
  });
});
