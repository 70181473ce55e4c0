import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatDuration } from '../../src/schedules/duration-text';
import { canonicalTimeZone, defaultCatchupWindowMs } from '../../src/schedules/schedule-spec';

const MINUTE = 60_000;

describe('schedule specs', () => {
  it('defaults the catch-up window to about one interval, never under 10 s', () => {
    assert.equal(defaultCatchupWindowMs({ every: 5 * MINUTE, timezone: 'UTC' }), 5 * MINUTE);
    assert.equal(defaultCatchupWindowMs({ every: 2_000, timezone: 'UTC' }), 10_000);
    assert.equal(defaultCatchupWindowMs({ cron: '*/15 * * * *', timezone: 'UTC' }), 15 * MINUTE);
    assert.equal(
      defaultCatchupWindowMs({ cron: '0 9 * * 1-5', timezone: 'America/New_York' }),
      24 * 60 * MINUTE,
      'the shortest gap, not the weekend',
    );
    assert.equal(defaultCatchupWindowMs({ cron: '0 0 1 * *', timezone: 'UTC' }), 28 * 24 * 60 * MINUTE);
  });

  it('shows durations exactly, in a form the API accepts back', () => {
    assert.deepEqual([0, 90_000, 5 * MINUTE, 86_400_000, 36 * 3_600_000].map(formatDuration), [
      '0s',
      '90s',
      '5m',
      '1d',
      '36h',
    ]);
  });

  it('knows IANA time zones by their canonical names', () => {
    assert.equal(canonicalTimeZone('america/new_york'), 'America/New_York');
    assert.equal(canonicalTimeZone('UTC'), 'UTC');
    assert.equal(canonicalTimeZone('Mars/Olympus_Mons'), undefined);
    assert.equal(canonicalTimeZone('+05:00'), undefined, 'offsets are not zones');
  });
});
