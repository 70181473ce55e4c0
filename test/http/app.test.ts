import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createPingActivities } from '../../activities/ping';
import { type TestApi, startTestApi } from '../helpers/api';
import { connectTestEnv, createTestWorker, uniqueTaskQueue } from '../helpers/temporal';
import { waitFor } from '../helpers/wait-for';

describe('the HTTP API skeleton', () => {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;
  let api: TestApi;
  const taskQueue = uniqueTaskQueue('app');

  before(async () => {
    env = await connectTestEnv();
    worker = await createTestWorker(env, {
      taskQueue,
      activities: createPingActivities({ workerIdentity: 'test-worker' }),
    });
    running = worker.run();
    api = await startTestApi(env.client, taskQueue);
  });

  after(async () => {
    await api.close();
    worker.shutdown();
    await running;
    await env.teardown();
  });

  it('answers /healthz and, with a worker polling, /readyz', async () => {
    assert.deepEqual((await api.request('GET', '/healthz')).body, { status: 'ok' });
    const ready = await waitFor(
      async () => {
        const r = await api.request('GET', '/readyz');
        return r.status === 200 && r;
      },
      { what: '/readyz 200' },
    );
    assert.deepEqual(ready.body.checks, { temporal: 'ok', worker: 'ok' });
  });

  it('reports 503 with the reason when no worker polls the task queue', async () => {
    const lonely = await startTestApi(env.client, uniqueTaskQueue('nobody'));
    try {
      const r = await lonely.request('GET', '/readyz');
      assert.equal(r.status, 503);
      assert.match(r.body.checks.worker, /no worker is polling/);
    } finally {
      await lonely.close();
    }
  });

  it('runs a ping job end to end and shows it as succeeded', async () => {
    const accepted = await api.request('POST', '/v1/pings', { message: 'hello' });
    assert.equal(accepted.status, 202);
    assert.equal(accepted.body.status, 'queued');
    assert.match(accepted.body.id, /^ping-[0-9a-z]{26}$/);
    assert.equal(accepted.headers.get('location'), `http://api.test/v1/jobs/${accepted.body.id}`);
    assert.match(
      accepted.body.links.temporalUi,
      new RegExp(`^http://ui.test/namespaces/default/workflows/${accepted.body.id}/`),
    );
    const done = await waitFor(
      async () => {
        const r = await api.request('GET', `/v1/jobs/${accepted.body.id}`);
        return r.body.status === 'succeeded' && r.body;
      },
      { what: 'the ping job to succeed' },
    );
    assert.equal(done.kind, 'ping');
    assert.equal(done.result.message, 'hello');
    assert.equal(done.result.worker, 'test-worker');
    assert.ok(done.durationMs >= 0);
  });

  it('answers errors as problem+json with the request id', async () => {
    const unknown = await api.request('GET', '/v1/nothing-here', undefined, { 'x-request-id': 'req-123' });
    assert.equal(unknown.status, 404);
    assert.match(unknown.headers.get('content-type') ?? '', /^application\/problem\+json/);
    assert.equal(unknown.headers.get('x-request-id'), 'req-123');
    assert.equal(unknown.body.requestId, 'req-123');

    const missing = await api.request('GET', '/v1/jobs/ping-00000000000000000000000000');
    assert.equal(missing.status, 404);
    assert.match(missing.body.detail, /no job with id ping-0+/);

    const bad = await api.request('POST', '/v1/pings', { message: 42, extra: true });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.errors.map((e: { field: string }) => e.field).sort(), ['extra', 'message']);

    const malformed = await api.request('POST', '/v1/pings', '{"message":');
    assert.equal(malformed.status, 400);
    assert.equal(malformed.body.title, 'Malformed JSON');
    assert.equal(malformed.body.stack, undefined);
  });
});
