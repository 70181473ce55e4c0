import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../src/config';

describe('loadConfig', () => {
  it('runs the embedded defaults when nothing is set', () => {
    const config = loadConfig({});
    assert.equal(config.role, 'all');
    assert.equal(config.http.port, 3000);
    assert.equal(config.temporal.address, undefined);
    assert.equal(config.temporal.taskQueue, 'afterward-v1');
    assert.equal(config.temporal.uiUrl, 'http://localhost:8233');
    assert.match(config.temporal.devServer.dbFile, /\.data\/temporal\.db$/);
    assert.equal(config.temporal.tls, undefined);
    assert.ok(Object.isFrozen(config));
  });

  it('treats an empty value as unset', () => {
    const config = loadConfig({ PUBLIC_URL: '', TEMPORAL_ADDRESS: '', HTTP_PORT: '' });
    assert.equal(config.temporal.address, undefined);
    assert.equal(config.http.port, 3000);
  });

  it('names the variable and the expectation when a value is wrong', () => {
    assert.throws(() => loadConfig({ HTTP_PORT: 'abc' }), (err: Error) => err instanceof ConfigError && /^HTTP_PORT="abc" is invalid/.test(err.message));
    assert.throws(() => loadConfig({ AFTERWARD_ROLE: 'both' }), /AFTERWARD_ROLE="both" is invalid/);
    assert.throws(() => loadConfig({ TEMPORAL_TLS: 'yes' }), /TEMPORAL_TLS="yes" is invalid/);
  });

  it('turns on TLS when an API key is given, as Temporal Cloud requires', () => {
    const config = loadConfig({ TEMPORAL_ADDRESS: 'ns.acct.tmprl.cloud:7233', TEMPORAL_NAMESPACE: 'ns.acct', TEMPORAL_API_KEY: 'k' });
    assert.equal(config.temporal.address, 'ns.acct.tmprl.cloud:7233');
    assert.equal(config.temporal.apiKey, 'k');
    assert.deepEqual(config.temporal.tls, { certPath: undefined, keyPath: undefined, caPath: undefined, serverName: undefined });
  });
});
