import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../src/config';
import { connectionSecurity } from '../src/temporal/connection';
import { DEFAULT_RETRY_SCHEDULE_MS } from '../workflows/shared/webhook-schedule';

describe('loadConfig', () => {
  it('runs the embedded defaults when nothing is set', () => {
    const config = loadConfig({});
    assert.equal(config.role, 'all');
    assert.equal(config.http.port, 3000);
    assert.equal(config.temporal.address, undefined);
    assert.equal(config.temporal.taskQueue, 'afterward-v1');
    assert.equal(config.temporal.uiUrl, 'http://localhost:8233');
    assert.match(config.temporal.devServer.dbFile, /\.data\/temporal\.db$/);
    assert.equal(config.temporal.profile.tls, undefined);
    assert.ok(Object.isFrozen(config));
  });

  it('treats an empty value as unset', () => {
    const config = loadConfig({ PUBLIC_URL: '', TEMPORAL_ADDRESS: '', HTTP_PORT: '' });
    assert.equal(config.temporal.address, undefined);
    assert.equal(config.http.port, 3000);
  });

  it('names the variable and the expectation when a value is wrong', () => {
    assert.throws(
      () => loadConfig({ HTTP_PORT: 'abc' }),
      (err: Error) => err instanceof ConfigError && /^HTTP_PORT="abc" is invalid/.test(err.message),
    );
    assert.throws(() => loadConfig({ AFTERWARD_ROLE: 'both' }), /AFTERWARD_ROLE="both" is invalid/);
    assert.throws(() => loadConfig({ TEMPORAL_TLS: 'yes' }), /TEMPORAL_TLS="yes" is invalid/);
  });

  it('turns on TLS when an API key is given, as Temporal Cloud requires', () => {
    const config = loadConfig({
      TEMPORAL_ADDRESS: 'ns.acct.tmprl.cloud:7233',
      TEMPORAL_NAMESPACE: 'ns.acct',
      TEMPORAL_API_KEY: 'k',
    });
    assert.equal(config.temporal.address, 'ns.acct.tmprl.cloud:7233');
    assert.deepEqual(connectionSecurity(config.temporal), { tls: true, apiKey: 'k', metadata: undefined });
  });
});

describe('EAGER_EXECUTION', () => {
  it('is off by default, and reads like the other booleans', () => {
    assert.equal(loadConfig({}).eagerExecution, false);
    assert.equal(loadConfig({ EAGER_EXECUTION: 'true' }).eagerExecution, true);
    assert.equal(loadConfig({ EAGER_EXECUTION: '0' }).eagerExecution, false);
  });

  it('names the variable in one line when the value is not a boolean', () => {
    assert.throws(
      () => loadConfig({ EAGER_EXECUTION: 'yes' }),
      (err: Error) =>
        err instanceof ConfigError &&
        /^EAGER_EXECUTION="yes" is invalid/.test(err.message) &&
        !err.message.includes('\n'),
    );
  });
});

describe('the per-kind activity limits', () => {
  it('are unset by default: no kind has a queue of its own to be limited on', () => {
    const config = loadConfig({});
    assert.equal(config.email.activitiesPerSecond, undefined);
    assert.equal(config.webhooks.activitiesPerSecond, undefined);
  });

  it('read any positive rate, fractions too', () => {
    const config = loadConfig({ EMAIL_ACTIVITIES_PER_SECOND: '2', WEBHOOK_ACTIVITIES_PER_SECOND: '0.5' });
    assert.equal(config.email.activitiesPerSecond, 2);
    assert.equal(config.webhooks.activitiesPerSecond, 0.5);
  });

  it('name the variable in one line when a rate is not a positive number', () => {
    for (const [name, value] of [
      ['EMAIL_ACTIVITIES_PER_SECOND', '0'],
      ['EMAIL_ACTIVITIES_PER_SECOND', 'fast'],
      ['WEBHOOK_ACTIVITIES_PER_SECOND', '-1'],
      ['WEBHOOK_ACTIVITIES_PER_SECOND', 'Infinity'],
    ] as const) {
      assert.throws(
        () => loadConfig({ [name]: value }),
        (err: Error) =>
          err instanceof ConfigError &&
          err.message.startsWith(`${name}="${value}" is invalid`) &&
          !err.message.includes('\n'),
        `${name}=${value}`,
      );
    }
  });
});

describe('the webhook settings', () => {
  it('default to no allow-list, 15 s attempts, 256 KiB payloads and the Svix-like schedule', () => {
    const { webhooks } = loadConfig({});
    assert.deepEqual([webhooks.allowList.hostnames.size, webhooks.allowList.networks.length], [0, 0]);
    assert.equal(webhooks.timeoutMs, 15_000);
    assert.equal(webhooks.maxPayloadBytes, 262_144);
    assert.deepEqual(webhooks.retryScheduleMs, DEFAULT_RETRY_SCHEDULE_MS);
    assert.deepEqual([webhooks.disableAfterMs, webhooks.secretGraceMs], [5 * 86_400_000, 86_400_000]);
  });

  it('read an allow-list of hosts and networks, and a schedule of durations', () => {
    const { webhooks } = loadConfig({
      WEBHOOK_ALLOW_LIST: 'hooks.internal, 10.1.0.0/16,127.0.0.1',
      WEBHOOK_RETRY_SCHEDULE: '0, 5s,2m,PT1H',
    });
    assert.deepEqual([...webhooks.allowList.hostnames], ['hooks.internal']);
    assert.equal(webhooks.allowList.networks.length, 2);
    assert.deepEqual(webhooks.retryScheduleMs, [0, 5000, 120_000, 3_600_000]);
  });

  it('name the variable when the allow-list or the schedule is wrong', () => {
    assert.throws(
      () => loadConfig({ WEBHOOK_ALLOW_LIST: 'ok.example,not a host' }),
      /WEBHOOK_ALLOW_LIST=.* is invalid: Invalid webhook allow-list entry: not a host/,
    );
    assert.throws(
      () => loadConfig({ WEBHOOK_RETRY_SCHEDULE: '0,5s,soon' }),
      /WEBHOOK_RETRY_SCHEDULE="0,5s,soon" is invalid: must be 1-50 comma-separated durations/,
    );
  });
});
