import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startBanner } from '../../src/start-banner';

const base = { role: 'all' as const, apiUrl: 'http://127.0.0.1:3000', authDisabled: false };

describe('the start banner', () => {
  it('lists the API, its docs, the Temporal UI and both metrics, and on first start the key and a command using it', () => {
    const text = startBanner({
      ...base,
      temporalUiUrl: 'http://localhost:8233',
      sdkMetricsAddress: '127.0.0.1:9464',
      firstKey: { key: 'aft_k', file: '/data/api-keys.json' },
    });
    assert.match(text, /^ {2}API {10}http:\/\/127\.0\.0\.1:3000$/m);
    assert.match(text, /^ {2}API docs {5}http:\/\/127\.0\.0\.1:3000\/docs$/m);
    assert.match(text, /^ {2}Temporal UI {2}http:\/\/localhost:8233$/m);
    assert.match(
      text,
      /Metrics +http:\/\/127\.0\.0\.1:3000\/metrics .*Temporal SDK: http:\/\/127\.0\.0\.1:9464\/metrics/,
    );
    assert.match(text, /shown this once .*\/data\/api-keys\.json/);
    assert.equal(text.split('aft_k').length - 1, 1, 'the key appears once');
    assert.match(text, /^ {2}export AFTERWARD_KEY=aft_k$/m);
    assert.match(
      text,
      /curl -s -XPOST http:\/\/127\.0\.0\.1:3000\/v1\/pings -H "authorization: Bearer \$AFTERWARD_KEY"/,
    );
  });

  it('on the start that made the task signing secret, shows it once as the variable the examples read', () => {
    const text = startBanner({ ...base, firstTaskSecret: 'whsec_c2VjcmV0' });
    assert.equal(text.split('whsec_c2VjcmV0').length - 1, 1, 'the secret appears once');
    assert.match(text, /^ {2}export TASK_SIGNING_SECRET=whsec_c2VjcmV0$/m);
    assert.match(text, /task-signing-secret\/rotate/);
  });

  it('on a later start has no key, and leaves out what is not known', () => {
    const text = startBanner({ ...base, role: 'api', apiUrl: 'https://jobs.example.com/' });
    assert.doesNotMatch(text, /aft_|whsec_|export|Temporal UI|Temporal SDK/);
    assert.match(text, /role api/);
    assert.match(text, /API docs +https:\/\/jobs\.example\.com\/docs$/m);
    assert.match(text, /with your API key in \$AFTERWARD_KEY/);
  });

  it('with AUTH_DISABLED, the command has no authorization header', () => {
    const text = startBanner({ ...base, authDisabled: true });
    assert.match(text, /curl -s -XPOST http:\/\/127\.0\.0\.1:3000\/v1\/pings -H 'content-type/);
    assert.doesNotMatch(text, /authorization/);
  });
});
