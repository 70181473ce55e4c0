import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createEmailActivities } from '../../activities/email';
import { createMailTransport, type MailTransport } from '../../activities/mail-transport';
import { AesGcmPayloadCodec, payloadCodecs } from '../../src/temporal/payload-codec';
import { type TestApi, startTestApi } from '../helpers/api';
import { TEST_EMAIL_CONFIG } from '../helpers/email-stack';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp-sink';
import { connectTestEnv, createTestWorker, uniqueTaskQueue } from '../helpers/temporal';
import { testEnv } from '../helpers/test-env';
import { waitFor } from '../helpers/wait-for';

const ADDRESS = 'ada.lovelace.private@example.com';
const UI_ORIGIN = 'http://localhost:8233';
const oldKey = { id: 'k-2025-01', key: randomBytes(32) };
const newKey = { id: 'k-2025-06', key: randomBytes(32) };

describe('jobs with encrypted payloads (PAYLOAD_KEYS)', () => {
  let env: TestWorkflowEnvironment;
  let sink: SmtpSink;
  let transport: MailTransport;
  let worker: Worker;
  let running: Promise<void>;
  let api: TestApi;
  let jobId: string;
  const taskQueue = uniqueTaskQueue('encrypted');
  const temporal = (...args: string[]) =>
    promisify(execFile)(testEnv('AFTERWARD_TEST_TEMPORAL_CLI'), [
      ...args,
      '--address',
      testEnv('AFTERWARD_TEST_TEMPORAL_ADDRESS'),
    ]).then((r) => r.stdout);

  before(async () => {
    env = await connectTestEnv();
    sink = await startSmtpSink();
    transport = createMailTransport({
      url: sink.url,
      pool: { maxConnections: 1, maxMessages: 10 },
      timeouts: { connectionMs: 2000, greetingMs: 2000, socketMs: 5000 },
    });
    // The job is accepted before a key rotation (old key only), and runs and is read after it (new key first).
    const beforeRotation = await startTestApi(
      new Client({ connection: env.connection, dataConverter: payloadCodecs([oldKey]) }),
      taskQueue,
      { email: TEST_EMAIL_CONFIG },
    );
    const accepted = await beforeRotation.request('POST', '/v1/emails', {
      to: [ADDRESS],
      subject: 'Private',
      text: 'Only for Ada',
    });
    await beforeRotation.close();
    assert.equal(accepted.status, 202, JSON.stringify(accepted.body));
    jobId = accepted.body.id;
    worker = await createTestWorker(env, {
      taskQueue,
      activities: createEmailActivities({ transport, defaultFrom: 'a@afterward.test' }),
      dataConverter: payloadCodecs([newKey, oldKey]),
    });
    running = worker.run();
    const rotated = new Client({ connection: env.connection, dataConverter: payloadCodecs([newKey, oldKey]) });
    api = await startTestApi(rotated, taskQueue, {
      email: TEST_EMAIL_CONFIG,
      codec: { codec: new AesGcmPayloadCodec([newKey, oldKey]), uiOrigin: UI_ORIGIN },
    });
  });
  after(async () => {
    await api.close();
    worker.shutdown();
    await running;
    transport.close();
    await sink.close();
    await env.teardown();
  });

  it('runs to completion on a worker with the codec, and the API shows the job in plaintext, after a key rotation', async () => {
    const [message] = await sink.waitForMessages(1);
    assert.deepEqual(message!.envelope.to, [ADDRESS]);
    const job = await waitFor(
      async () => {
        const r = await api.request('GET', `/v1/jobs/${jobId}`);
        return r.body.status === 'succeeded' && r.body;
      },
      { what: 'the encrypted job to succeed' },
    );
    assert.deepEqual(job.input, { recipients: 1, subject: 'Private', attachments: 0 });
    assert.equal(job.lastError, null);
    assert.equal(job.result.accepted[0], ADDRESS, 'the result, encrypted by the worker with the new key, reads back');
    const listed = await api.request('GET', `/v1/jobs?kind=email&limit=5`);
    assert.equal(
      listed.body.jobs.find((j: any) => j.id === jobId)?.input.subject,
      'Private',
      'the listing decodes the memo too',
    );
  });

  it('leaves only ciphertext in Temporal: `temporal workflow show` and `describe` never see the address', async () => {
    const history = await temporal('workflow', 'show', '--workflow-id', jobId, '--output', 'json');
    const described = await temporal('workflow', 'describe', '--workflow-id', jobId, '--output', 'json');
    for (const output of [history, described]) {
      assert.ok(!output.includes(ADDRESS), 'no plaintext address');
      assert.ok(!output.includes(Buffer.from(ADDRESS).toString('base64').slice(0, 20)), 'not even in base64');
    }
    assert.ok(history.includes(Buffer.from('binary/encrypted').toString('base64')), 'payloads are marked encrypted');
  });

  it('gives back the original through POST /codec/decode, as the Temporal CLI calls it with a key', async () => {
    const startInput = (output: string) => {
      const [payload] = JSON.parse(output).events[0].workflowExecutionStartedEventAttributes.input.payloads;
      return {
        encoding: Buffer.from(payload.metadata.encoding, 'base64').toString(),
        data: Buffer.from(payload.data, 'base64').toString(),
      };
    };
    for (const codec of [
      ['--codec-endpoint', `${api.url}/codec`, '--codec-auth', `Bearer ${api.key}`],
      ['--codec-endpoint', `${api.url}/codec/${api.key}`],
    ]) {
      const shown = startInput(
        await temporal('workflow', 'show', '--workflow-id', jobId, '--output', 'json', ...codec),
      );
      assert.equal(shown.encoding, 'json/plain', codec.join(' '));
      assert.ok(shown.data.includes(ADDRESS), 'decoded by the codec endpoint');
    }
    const history = JSON.parse(await temporal('workflow', 'show', '--workflow-id', jobId, '--output', 'json'));
    const input = history.events[0].workflowExecutionStartedEventAttributes.input.payloads;
    const decoded = await api.request('POST', '/codec/decode', { payloads: input });
    assert.equal(decoded.status, 200);
    const original = JSON.parse(Buffer.from(decoded.body.payloads[0].data, 'base64').toString());
    assert.deepEqual(original.message.to, [ADDRESS]);
    assert.equal(Buffer.from(decoded.body.payloads[0].metadata.encoding, 'base64').toString(), 'json/plain');
  });

  it('lets the Temporal UI origin call the codec from the browser (CORS), and no other origin', async () => {
    const preflight = (origin: string) =>
      fetch(`${api.url}/codec/decode`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization,content-type,x-namespace',
        },
      });
    const allowed = await preflight(UI_ORIGIN);
    assert.equal(allowed.status, 204);
    assert.equal(allowed.headers.get('access-control-allow-origin'), UI_ORIGIN);
    assert.equal(allowed.headers.get('access-control-allow-credentials'), 'true');
    assert.match(allowed.headers.get('access-control-allow-headers') ?? '', /Authorization.*X-Namespace/);
    assert.notEqual(
      (await preflight('http://evil.test')).headers.get('access-control-allow-origin'),
      'http://evil.test',
    );
    const refused = await fetch(`${api.url}/codec/decode`, {
      method: 'POST',
      headers: { origin: UI_ORIGIN, 'content-type': 'application/json' },
      body: '{"payloads":[]}',
    });
    assert.equal(refused.status, 401, 'CORS is not a credential');
    assert.equal(refused.headers.get('access-control-allow-origin'), UI_ORIGIN, 'the browser may read why');
  });
});
