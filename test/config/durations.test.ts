import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CONFIG_VARIABLES, ConfigError, loadConfig } from '../../src/config';
import { formatDuration } from '../../src/config/duration';
import { documentedVariables } from '../../src/config/docs';
import { parseDelay } from '../../src/jobs/send-time';

const configError = (pattern: RegExp) => (err: Error) =>
  err instanceof ConfigError && pattern.test(err.message) && !err.message.includes('\n');

describe('duration settings', () => {
  it('read "5d", its ISO 8601 spelling and the _MS alias in milliseconds as the same value', () => {
    const values = [
      { WEBHOOK_DISABLE_AFTER: '5d' },
      { WEBHOOK_DISABLE_AFTER: 'P5D' },
      { WEBHOOK_DISABLE_AFTER_MS: '432000000' },
      { WEBHOOK_DISABLE_AFTER_MS: '5d' },
    ].map((env) => loadConfig(env).webhooks.disableAfterMs);
    assert.deepEqual(values, [432_000_000, 432_000_000, 432_000_000, 432_000_000]);
    assert.equal(loadConfig({}).webhooks.disableAfterMs, 432_000_000, 'the default, 5d');
  });

  it('read a bare number as milliseconds under either name', () => {
    assert.equal(loadConfig({ HTTP_REQUEST_TIMEOUT: '2500' }).http.timeouts.requestMs, 2500);
    assert.equal(loadConfig({ HTTP_REQUEST_TIMEOUT_MS: '2500' }).http.timeouts.requestMs, 2500);
    assert.equal(
      loadConfig({ WORKER_SHUTDOWN_GRACE: ' 1m ' }).worker.shutdownGraceMs,
      60_000,
      'spaces around it do not count',
    );
  });

  it('refuse both names at once, naming both', () => {
    assert.throws(
      () => loadConfig({ WEBHOOK_DISABLE_AFTER: '5d', WEBHOOK_DISABLE_AFTER_MS: '432000000' }),
      configError(/WEBHOOK_DISABLE_AFTER and WEBHOOK_DISABLE_AFTER_MS are both set/),
    );
  });

  it('take an empty alias as unset, so a copied .env.example with blanks does not count as both', () => {
    assert.equal(loadConfig({ EMAIL_RETRY_MAX: '2m', EMAIL_RETRY_MAX_MS: '' }).email.retry.maximumIntervalMs, 120_000);
  });

  it('name the variable as it was set when the duration is wrong', () => {
    assert.throws(
      () => loadConfig({ WEBHOOK_TIMEOUT: 'soon' }),
      configError(/^WEBHOOK_TIMEOUT="soon" is invalid: must be a duration such as 30s/),
    );
    assert.throws(
      () => loadConfig({ WEBHOOK_TIMEOUT_MS: '-5s' }),
      configError(/^WEBHOOK_TIMEOUT_MS="-5s" is invalid: must be a duration/),
    );
    assert.throws(
      () => loadConfig({ TASK_TYPES_REFRESH: '1.5ms' }),
      configError(/^TASK_TYPES_REFRESH="1.5ms" is invalid/),
      'not a whole millisecond',
    );
  });

  it('refuse zero where a wait must be positive, and allow it for the secret grace periods', () => {
    assert.throws(
      () => loadConfig({ TEMPORAL_CONNECT_TIMEOUT: '0s' }),
      configError(/^TEMPORAL_CONNECT_TIMEOUT="0s" is invalid: must be longer than 0/),
    );
    const config = loadConfig({ WEBHOOK_SECRET_GRACE: '0', TASK_SECRET_GRACE_MS: '0' });
    assert.deepEqual([config.webhooks.secretGraceMs, config.tasks.secretGraceMs], [0, 0]);
  });

  it('each have an alias that the service reads too, and a default people can read', () => {
    // The other aliases are the older names of the TLS settings (test/config/temporal-profile.unit.test.ts).
    const durations = documentedVariables().filter((v) => v.alias?.endsWith('_MS'));
    assert.equal(durations.length, 17);
    for (const v of durations) {
      assert.equal(v.alias, `${v.name}_MS`);
      assert.ok(CONFIG_VARIABLES.includes(v.alias!), v.alias);
      assert.match(v.default!, /^\d+[smhd]$/, `${v.name}'s default`);
    }
  });
});

describe('formatDuration', () => {
  it('spells milliseconds in the largest whole unit, which parseDelay reads back', () => {
    const cases: [number, string][] = [
      [0, '0'],
      [5000, '5s'],
      [90_000, '90s'],
      [300_000, '5m'],
      [36_000_000, '10h'],
      [432_000_000, '5d'],
      [1500, '1500'],
    ];
    for (const [ms, text] of cases) {
      assert.equal(formatDuration(ms), text);
      assert.equal(parseDelay(text), ms);
    }
  });
});
