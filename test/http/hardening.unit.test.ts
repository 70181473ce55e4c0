import assert from 'node:assert/strict';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { listen } from '../../src/http/listen';
import { hashApiKey, newApiKey } from '../../src/security/api-keys';
import { createLogger } from '../../src/logger';
import { openStore } from '../../src/store/open-store';
import { type TestApi, startTestApi } from '../helpers/api';
import { fakeTemporal } from '../helpers/fake-temporal';

describe('the hardened HTTP API', () => {
  const temporal = fakeTemporal();
  const taskQueue = 'hardening';
  let api: TestApi;
  before(async () => {
    api = await startTestApi(temporal.client, taskQueue, { maxBodyBytes: 4096 });
  });
  after(() => api.close());

  it('refuses a body over the limit with 413 problem+json, before reading it', async () => {
    const r = await api.request('POST', '/v1/pings', { message: 'x'.repeat(5000) });
    assert.equal(r.status, 413);
    assert.match(r.headers.get('content-type') ?? '', /^application\/problem\+json/);
    assert.equal(r.body.title, 'Payload too large');
    assert.deepEqual(temporal.starts, []);
  });

  it('refuses a body that is not JSON with 415, whatever it holds', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/octet-stream']) {
      const r = await api.request('POST', '/v1/pings', '{"message":"hi"}', { 'content-type': type });
      assert.equal(r.status, 415, type);
      assert.match(r.body.detail, new RegExp(`not ${type.replace('/', '\\/')}`));
    }
    assert.equal(
      (
        await api.request('POST', '/v1/pings', '{"message":"hi"}', {
          'content-type': 'application/json; charset=utf-8',
        })
      ).status,
      202,
    );
    assert.equal(temporal.starts.length, 1);
  });

  it('answers an unexpected failure with 500 and no stack, message or path of the code', async () => {
    const logger = createLogger('silent');
    const store = await openStore(
      path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'afterward-closed-')), 'store.db'),
      logger,
    );
    await store.close();
    const broken = await startTestApi(temporal.client, taskQueue, { store });
    try {
      const r = await broken.request('GET', '/v1/audit-events/verify');
      assert.equal(r.status, 500);
      assert.deepEqual(Object.keys(r.body).sort(), ['instance', 'requestId', 'status', 'title', 'type']);
      assert.doesNotMatch(JSON.stringify(r.body), /\bat \w|node_modules|\.ts:\d|database|closed/i);
    } finally {
      await broken.close();
    }
  });

  it('limits each key to its rate, with 429 and Retry-After, without touching other keys', async () => {
    const [busy, calm] = [newApiKey(), newApiKey()];
    const keys = [busy, calm].map((key, i) => ({
      name: `k${i}`,
      scopes: ['jobs:read' as const],
      sha256: hashApiKey(key),
    }));
    const limited = await startTestApi(temporal.client, taskQueue, {
      auth: { disabled: false, keys, rateLimit: { perSecond: 2, burst: 1 } },
    });
    try {
      const get = (key: string) =>
        limited.request('GET', '/v1/jobs?limit=1', undefined, { authorization: `Bearer ${key}` });
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await get(busy)).status);
      assert.deepEqual(statuses, [200, 200, 200, 429], '2 per second and a burst of 1');
      const refused = await get(busy);
      assert.equal(refused.status, 429);
      assert.ok(Number(refused.headers.get('retry-after')) >= 1, 'Retry-After in whole seconds');
      assert.match(refused.body.detail, /more than 2 requests per second/);
      assert.equal((await get(calm)).status, 200, 'another key has its own budget');
      assert.equal((await limited.request('GET', '/healthz')).status, 200, 'probes are never limited');
    } finally {
      await limited.close();
    }
  });

  it('closes a connection whose headers never finish, and an idle keep-alive connection', async () => {
    const server = await listen(api.app, {
      host: '127.0.0.1',
      port: 0,
      timeouts: { requestMs: 1500, headersMs: 500, keepAliveMs: 300 },
    });
    const { port } = server.address() as AddressInfo;
    try {
      const slow = net.connect(port, '127.0.0.1');
      slow.write('GET /healthz HTTP/1.1\r\nHost: x\r\n'); // and never the blank line
      const answer = await new Promise<string>((resolve) => {
        let text = '';
        slow.on('data', (d) => (text += d)).on('close', () => resolve(text));
      });
      assert.match(answer, /^HTTP\/1\.1 408/);

      const idle = net.connect(port, '127.0.0.1');
      idle.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
      let answeredAt = 0;
      const idleFor = await new Promise<number>((resolve) =>
        idle.on('data', () => (answeredAt = Date.now())).on('close', () => resolve(Date.now() - answeredAt)),
      );
      assert.ok(answeredAt > 0, 'answered first');
      assert.ok(idleFor >= 250, `an idle connection closed after ${idleFor} ms, before its keep-alive timeout`);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
