import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OPERATIONS, PUBLIC } from '../../src/http/operations';
import { type ApiKey, hashApiKey, newApiKey } from '../../src/security/api-keys';
import type { Grant } from '../../src/security/scopes';
import { countWorkflows } from '../helpers/email-stack';
import { startTestApi } from '../helpers/api';
import { useApiEnv } from '../helpers/api-env';
import { connectTestEnv, uniqueTaskQueue } from '../helpers/temporal';

const KEYS = { reader: newApiKey(), writer: newApiKey(), scheduler: newApiKey(), codec: newApiKey() };
const SCOPES: Record<keyof typeof KEYS, Grant[]> = {
  reader: ['jobs:read'],
  writer: ['jobs:write'],
  scheduler: ['schedules:write'],
  codec: ['codec:decode'],
};
const stored: ApiKey[] = Object.entries(KEYS).map(([name, key]) => ({
  name,
  scopes: SCOPES[name as keyof typeof KEYS],
  sha256: hashApiKey(key),
}));
const bearer = (key: string): Record<string, string> => ({ authorization: `Bearer ${key}` });

describe('API keys on the HTTP API', () => {
  const stack = useApiEnv('auth', {
    auth: { disabled: false, keys: stored, rateLimit: { perSecond: 1000, burst: 1000 } },
  });
  const { taskQueue } = stack;

  it('answers 401 problem+json without a key, with a wrong key and with a malformed header, and starts nothing', async () => {
    // RFC 6750 §3.1: no key, the challenge alone; a key the server does not hold, error="invalid_token" too.
    const challenge = 'Bearer realm="afterward"';
    const sent: [Record<string, string>, string][] = [
      [{}, challenge],
      [{ authorization: `Basic ${KEYS.writer}` }, challenge],
      [bearer(`${KEYS.writer}x`), `${challenge}, error="invalid_token"`],
      [bearer(hashApiKey(KEYS.writer)), `${challenge}, error="invalid_token"`],
    ];
    for (const [headers, expected] of sent) {
      const r = await stack.api.request('POST', '/v1/pings', { message: 'hi' }, headers);
      assert.equal(r.status, 401, JSON.stringify(headers));
      assert.match(r.headers.get('content-type') ?? '', /^application\/problem\+json/);
      assert.equal(r.headers.get('www-authenticate'), expected, JSON.stringify(headers));
      assert.equal(r.body.title, 'Unauthorized');
    }
    assert.equal(await countWorkflows(stack.env, taskQueue), 0);
  });

  it('answers 403 naming the scope when the key lacks it', async () => {
    const r = await stack.api.request('POST', '/v1/pings', { message: 'hi' }, bearer(KEYS.reader));
    assert.equal(r.status, 403);
    assert.equal(r.body.detail, 'the API key reader needs the scope jobs:write for POST /v1/pings');
    assert.deepEqual(r.body.requiredScopes, ['jobs:write']);
    assert.equal(await countWorkflows(stack.env, taskQueue), 0);
  });

  it('lets a key do what its scopes allow, and only that', async () => {
    assert.equal((await stack.api.request('GET', '/v1/jobs', undefined, bearer(KEYS.reader))).status, 200);
    assert.equal((await stack.api.request('GET', '/v1/jobs', undefined, bearer(KEYS.writer))).status, 403);
    assert.equal((await stack.api.request('POST', '/v1/pings', {}, bearer(KEYS.writer))).status, 202);
    assert.equal(
      (await stack.api.request('POST', '/v1/jobs/ping-x/cancel', undefined, bearer(KEYS.writer))).status,
      403,
      'starting is not steering',
    );
    assert.equal(
      (await stack.api.request('GET', '/v1/schedules', undefined, bearer(KEYS.reader))).status,
      200,
      'jobs:read reads schedules',
    );
    assert.equal((await stack.api.request('POST', '/v1/schedules', {}, bearer(KEYS.reader))).status, 403);
    assert.equal(
      (await stack.api.request('POST', '/v1/schedules', {}, bearer(KEYS.scheduler))).status,
      400,
      'allowed in, then validated',
    );
    assert.equal((await stack.api.request('GET', '/v1/audit-events', undefined, bearer(KEYS.reader))).status, 403);
    assert.equal((await stack.api.request('GET', '/metrics', undefined, bearer(KEYS.reader))).status, 403);
  });

  it('keeps /healthz, /readyz, /openapi.json and /docs open, and every other route closed', async () => {
    for (const path of ['/healthz', '/openapi.json', '/docs', '/docs/problems'])
      assert.equal((await stack.api.request('GET', path)).status, 200, path);
    assert.notEqual((await stack.api.request('GET', '/readyz')).status, 401);
    for (const [route, operation] of Object.entries(OPERATIONS)) {
      if (operation.scopes === PUBLIC) continue;
      const [method, template] = route.split(' ') as [string, string];
      const r = await stack.api.request(method, template.replace(/:(\w+)/g, 'x'), undefined);
      assert.equal(r.status, 401, `${route} without a key`);
      assert.match(r.headers.get('www-authenticate') ?? '', /^Bearer realm="afterward"/, `${route}: WWW-Authenticate`);
    }
  });

  it('takes the key from the path on the codec routes, for the Temporal UI, which sends no header', async () => {
    const body = {
      payloads: [
        {
          metadata: { encoding: Buffer.from('json/plain').toString('base64') },
          data: Buffer.from('"x"').toString('base64'),
        },
      ],
    };
    const r = await stack.api.request('POST', `/codec/${KEYS.codec}/decode`, body);
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, body, 'no PAYLOAD_KEYS here: payloads pass through');
    assert.equal((await stack.api.request('POST', `/codec/${KEYS.reader}/decode`, body)).status, 403);
    const wrong = await stack.api.request('POST', `/codec/${KEYS.codec}x/decode`, body);
    assert.equal(wrong.status, 401);
    assert.equal(
      wrong.headers.get('www-authenticate'),
      'Bearer realm="afterward", error="invalid_token"',
      'a wrong key in the path is a wrong key',
    );
    assert.equal(wrong.body.instance, '/codec/[redacted]/decode');
    assert.equal(
      (await stack.api.request('POST', `/codec/${KEYS.codec}/encode`, body)).status,
      403,
      'decode does not grant encode',
    );
  });
});

describe('the API with AUTH_DISABLED', () => {
  it('lets every route through without a key', async () => {
    const env = await connectTestEnv();
    const api = await startTestApi(env.client, uniqueTaskQueue('auth-off'), {
      auth: { disabled: true, keys: [], rateLimit: { perSecond: 1000, burst: 1000 } },
    });
    try {
      assert.equal((await api.request('GET', '/v1/jobs')).status, 200);
      assert.equal((await api.request('GET', '/metrics')).status, 200);
    } finally {
      await api.close();
      await env.teardown();
    }
  });
});
