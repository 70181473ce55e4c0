// Secrets go in, and must never come back out: not in any log line (captured at trace level), not in
// any answer but the one that hands a webhook secret over, not in Temporal's history.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { hashApiKey, newApiKey } from '../../src/security/api-keys';
import { AesGcmPayloadCodec, payloadCodecs } from '../../src/temporal/payload-codec';
import { type TestApi, startTestApi } from '../helpers/api';
import { connectTestEnv, uniqueTaskQueue } from '../helpers/temporal';
import { testEnv } from '../helpers/test-env';

const API_KEY = newApiKey();
const PAYLOAD_KEY = randomBytes(32);
const WEBHOOK_SECRET = `whsec_${randomBytes(32).toString('base64')}`;
const SECRETS = {
  'the API key': API_KEY,
  'the payload key': PAYLOAD_KEY.toString('base64'),
  'the webhook secret': WEBHOOK_SECRET,
  "the webhook secret's key": WEBHOOK_SECRET.slice(6),
};

describe('secrets', () => {
  let env: TestWorkflowEnvironment;
  let api: TestApi;
  const logs: string[] = [];
  const answers: string[] = [];
  const taskQueue = uniqueTaskQueue('secrets');
  const call = async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = { authorization: `Bearer ${API_KEY}` },
  ) => {
    const r = await api.request(method, path, body, headers);
    answers.push(`${method} → ${r.status} ${JSON.stringify(Object.fromEntries(r.headers))} ${JSON.stringify(r.body)}`);
    return r;
  };

  before(async () => {
    env = await connectTestEnv();
    const logger = createLogger('trace', { write: (line: string) => void logs.push(line) });
    const codec = new AesGcmPayloadCodec([{ id: 'k1', key: PAYLOAD_KEY }]);
    const client = new Client({
      connection: env.connection,
      dataConverter: payloadCodecs([{ id: 'k1', key: PAYLOAD_KEY }]),
    });
    const keys = [{ name: 'ops', scopes: ['*' as const], sha256: hashApiKey(API_KEY) }];
    api = await startTestApi(client, taskQueue, {
      logger,
      codec: { codec },
      auth: { disabled: false, keys, rateLimit: { perSecond: 1000, burst: 1000 } },
    });

    const created = await api.request(
      'POST',
      '/v1/webhook-endpoints',
      { url: 'https://hooks.example.com/in', secret: WEBHOOK_SECRET },
      { authorization: `Bearer ${API_KEY}` },
    );
    assert.equal(created.status, 201);
    assert.equal(
      created.body.secret,
      WEBHOOK_SECRET,
      'answered once, to its creator: the only answer allowed to hold it',
    );
    const endpoint = created.body.id;
    await call('GET', '/v1/webhook-endpoints');
    await call('GET', `/v1/webhook-endpoints/${endpoint}`);
    await call('PATCH', `/v1/webhook-endpoints/${endpoint}`, { description: 'changed' });
    const sent = await call('POST', '/v1/webhooks', {
      event: 'invoice.paid',
      payload: { invoice: 'in_1' },
      endpointId: endpoint,
    });
    assert.equal(sent.status, 202);
    await call('GET', `/v1/jobs/${sent.body.jobs[0].id}`);
    await call('GET', '/v1/jobs?kind=webhook');
    await call('POST', '/v1/pings', { message: 'hi' }, { authorization: `Bearer ${API_KEY}x` });
    await call('POST', '/v1/pings', 'not json', {
      authorization: `Bearer ${API_KEY}`,
      'content-type': 'application/json',
    });
    await call('POST', `/codec/${API_KEY}/decode`, { payloads: [] }, {});
    await call('POST', `/codec/${API_KEY}x/decode`, { payloads: [] }, {});
    await call('GET', '/metrics');
    await call('GET', '/openapi.json');
    await call('GET', '/docs');
  });
  after(async () => {
    await api.close();
    await env.teardown();
  });

  it('never appear in a log line, even at trace level, while the access log still names the key', () => {
    assert.ok(logs.length >= 15, `captured ${logs.length} log lines`);
    for (const [what, secret] of Object.entries(SECRETS))
      assert.deepEqual(
        logs.filter((line) => line.includes(secret)),
        [],
        `${what} in the logs`,
      );
    assert.ok(
      logs.some((line) => /"actor":"ops"/.test(line) && /\/codec\/\[redacted\]\/decode/.test(line)),
      'who asked is logged, the key in the path is not',
    );
  });

  it('never appear in an answer: endpoints, job listings, jobs, errors, metrics, docs', () => {
    assert.ok(answers.length >= 12);
    for (const [what, secret] of Object.entries(SECRETS))
      assert.deepEqual(
        answers.filter((a) => a.includes(secret)),
        [],
        `${what} in an answer`,
      );
  });

  it('never reach Temporal: the webhook job holds no secret, and its input is ciphertext', async () => {
    const { stdout } = await promisify(execFile)(testEnv('AFTERWARD_TEST_TEMPORAL_CLI'), [
      'workflow',
      'list',
      '--address',
      testEnv('AFTERWARD_TEST_TEMPORAL_ADDRESS'),
      '--query',
      `TaskQueue = '${taskQueue}'`,
      '--output',
      'json',
    ]);
    const [job] = JSON.parse(stdout);
    const { stdout: history } = await promisify(execFile)(testEnv('AFTERWARD_TEST_TEMPORAL_CLI'), [
      'workflow',
      'show',
      '--workflow-id',
      job.execution.workflowId,
      '--address',
      testEnv('AFTERWARD_TEST_TEMPORAL_ADDRESS'),
      '--output',
      'json',
    ]);
    for (const secret of Object.values(SECRETS)) assert.ok(!history.includes(secret));
    const [input] = JSON.parse(history).events[0].workflowExecutionStartedEventAttributes.input.payloads;
    assert.equal(
      Buffer.from(input.metadata.encoding, 'base64').toString(),
      'binary/encrypted',
      'the event and its payload are encrypted too',
    );
  });
});

describe('secret settings', () => {
  it('are reported without their value when they are wrong: SMTP_URL, PAYLOAD_KEYS', () => {
    for (const [name, value] of [
      ['SMTP_URL', 'ftp://mailer:Pa55-w0rd@mail.example.com'],
      ['PAYLOAD_KEYS', 'k1:c2hvcnQ=,Pa55-w0rd'],
    ] as const) {
      assert.throws(
        () => loadConfig({ [name]: value }),
        (err: Error) => err.message.startsWith(`${name}=(hidden) is invalid`) && !err.message.includes('Pa55-w0rd'),
      );
    }
  });
});
