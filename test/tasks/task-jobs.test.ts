// Task jobs end to end: the real API and worker call a real app on loopback, which verifies each call
// with the standardwebhooks package; outcomes, retries, async completion with progress, cancellation.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { plainHeaders, reply, sequence } from '../activities/webhooks/receiver';
import { startTaskStack, type TaskStack } from '../helpers/task-stack';
import { waitFor } from '../helpers/wait-for';

const json = (status: number, body: unknown) =>
  reply(status, { 'content-type': 'application/json' }, JSON.stringify(body));

describe('task jobs', () => {
  let stack: TaskStack;
  before(async () => {
    stack = await startTaskStack('task-jobs');
  });
  after(() => stack?.close());

  const callsTo = (type: string) => stack.app.requests.filter((r) => r.path === `/${type}`);

  it("calls the app once, signed, and the job shows the app's answer as its result", async () => {
    await stack.register('report.fast', json(200, { pdf: 's3://reports/7.pdf' }));
    const accepted = await stack.enqueue('report.fast', { payload: { reportId: 7 }, tags: ['reports'] });
    assert.equal(accepted.kind, 'task');
    assert.deepEqual(accepted.input, { type: 'report.fast', payloadBytes: 14 });
    const job = await stack.closedJob(accepted.id);
    assert.equal(job.status, 'succeeded');
    assert.deepEqual(job.result, { pdf: 's3://reports/7.pdf' });
    assert.equal(job.attempts, 1);
    assert.equal(job.attemptLog.length, 1);
    assert.equal(job.attemptLog[0].statusCode, 200);
    const [call] = callsTo('report.fast');
    assert.ok(call);
    const verified = new Webhook(stack.secret).verify(call.body, plainHeaders(call.headers)) as {
      type: string;
      data: unknown;
    };
    assert.equal(verified.type, 'report.fast');
    assert.deepEqual(verified.data, { reportId: 7 });
    assert.equal(call.headers['afterward-job-id'], accepted.id);
    assert.equal(call.headers['webhook-id'], accepted.id);
    assert.equal(call.headers['afterward-attempt'], '1');
    const listed = await stack.api.request('GET', '/v1/jobs?kind=task&taskType=report.fast');
    assert.deepEqual(
      listed.body.jobs?.map((j: { id: string }) => j.id) ?? listed.body.items?.map((j: { id: string }) => j.id),
      [accepted.id],
    );
  });

  it("retries a 503 on the type's backoff, never sooner than Retry-After, and keeps one result", async () => {
    await stack.register(
      'rates.sync',
      sequence(reply(503, { 'retry-after': '2' }), reply(503), json(200, { synced: 42 })),
      {
        retry: { maxAttempts: 5, initialInterval: '1s', backoffCoefficient: 1, maximumInterval: '1s' },
      },
    );
    const { id } = await stack.enqueue('rates.sync');
    const job = await stack.closedJob(id);
    assert.equal(job.status, 'succeeded');
    assert.deepEqual(job.result, { synced: 42 });
    assert.equal(job.attempts, 3);
    assert.deepEqual(
      job.attemptLog.map((a: { statusCode: number }) => a.statusCode),
      [503, 503, 200],
    );
    const calls = callsTo('rates.sync').map((c) => c.headers['afterward-attempt']);
    assert.deepEqual(calls, ['1', '2', '3']);
    const gap = Date.parse(job.attemptLog[1].at) - Date.parse(job.attemptLog[0].at);
    assert.ok(gap >= 2000, `the second attempt came ${gap} ms after the first, sooner than Retry-After: 2`);
  });

  it('fails at once on a 400: the app said no', async () => {
    await stack.register('image.resize', json(400, { error: 'not an image' }));
    const { id } = await stack.enqueue('image.resize', { payload: { upload: 'u1' } });
    const job = await stack.closedJob(id);
    assert.equal(job.status, 'failed');
    assert.equal(job.attempts, 1);
    assert.equal(job.lastError.type, 'TaskRejected');
    assert.equal(job.lastError.code, 400);
    assert.equal(callsTo('image.resize').length, 1);
  });

  it('keeps a 202 open until the app completes it, with progress in between', async () => {
    await stack.register('digest.send', json(202, { async: true }), { timeout: '1m', heartbeatTimeout: '30s' });
    const { id } = await stack.enqueue('digest.send', { payload: { day: '2026-12-01' } });
    await waitFor(async () => (await stack.job(id)).status === 'running' && callsTo('digest.send').length === 1, {
      what: 'the app to be called',
    });
    const progressed = await stack.api.request('POST', `/v1/jobs/${id}/progress`, {
      progress: { sent: 500, of: 1000 },
    });
    assert.equal(progressed.status, 200, JSON.stringify(progressed.body));
    assert.equal(progressed.body.cancelRequested, false);
    const running = await waitFor(
      async () => {
        const job = await stack.job(id);
        return job.progress !== undefined && job;
      },
      { what: 'the progress on the job' },
    );
    assert.equal(running.status, 'running');
    assert.deepEqual(running.progress, { sent: 500, of: 1000 });
    const completed = await stack.api.request('POST', `/v1/jobs/${id}/complete`, { result: { sent: 1000 } });
    assert.equal(completed.status, 200, JSON.stringify(completed.body));
    const job = await stack.closedJob(id);
    assert.equal(job.status, 'succeeded');
    assert.deepEqual(job.result, { sent: 1000 });
    assert.equal(job.attemptLog[0].async, true);
    assert.equal(job.attemptLog[0].statusCode, 202);
    const second = await stack.api.request('POST', `/v1/jobs/${id}/complete`, { result: { sent: 0 } });
    assert.equal(second.status, 409);
    assert.deepEqual((await stack.job(id)).result, { sent: 1000 }, 'the first result stands');
  });

  it('retries an async attempt that reports no progress within the heartbeat timeout', async () => {
    await stack.register('export.csv', sequence(json(202, { async: true }), json(200, { rows: 3 })), {
      timeout: '1m',
      heartbeatTimeout: '2s',
    });
    const { id } = await stack.enqueue('export.csv');
    const job = await stack.closedJob(id, 30_000);
    assert.equal(job.status, 'succeeded');
    assert.equal(job.attempts, 2);
    assert.match(job.attemptLog[0].error, /no progress reported within the heartbeat timeout/);
    assert.deepEqual(job.result, { rows: 3 });
  });

  it('keeps the first 64 KiB of a larger answer, and says it was cut', async () => {
    await stack.register('logs.dump', reply(200, { 'content-type': 'text/plain' }, 'x'.repeat(70 * 1024)));
    const job = await stack.closedJob((await stack.enqueue('logs.dump')).id);
    assert.equal(job.status, 'succeeded');
    assert.equal(job.result.truncated, true);
    assert.equal(job.result.text.length, 64 * 1024);
  });

  it('ends a cancelled long task cancelled once its heartbeat timeout passes without an answer', async () => {
    // Long enough for the cancel to arrive before the first timeout, even on a loaded machine.
    await stack.register('batch.silent', json(202, { async: true }), { timeout: '5m', heartbeatTimeout: '5s' });
    const { id } = await stack.enqueue('batch.silent');
    await waitFor(async () => callsTo('batch.silent').length === 1 && (await stack.job(id)).status === 'running', {
      what: 'the app to be called',
    });
    assert.equal((await stack.api.request('POST', `/v1/jobs/${id}/cancel`)).status, 202);
    const job = await stack.closedJob(id, 20_000);
    assert.equal(job.status, 'cancelled');
    assert.equal(callsTo('batch.silent').length, 1, 'no retry after the cancellation');
  });

  it('tells a long task it was cancelled, and ends cancelled once the app acknowledges', async () => {
    await stack.register('video.encode', reply(202, { 'afterward-async': 'true' }), {
      timeout: '5m',
      heartbeatTimeout: '1m',
    });
    const { id } = await stack.enqueue('video.encode');
    await waitFor(async () => callsTo('video.encode').length === 1 && (await stack.job(id)).status === 'running', {
      what: 'the app to be called',
    });
    assert.equal((await stack.api.request('POST', `/v1/jobs/${id}/cancel`)).status, 202);
    const told = await waitFor(
      async () => {
        const answer = await stack.api.request('POST', `/v1/jobs/${id}/progress`, { progress: { frame: 10 } });
        return answer.body.cancelRequested === true && answer;
      },
      { what: 'progress to answer cancelRequested' },
    );
    assert.equal(told.status, 200);
    assert.equal((await stack.job(id)).status, 'running', 'still running until the app acknowledges');
    const ack = await stack.api.request('POST', `/v1/jobs/${id}/fail`, { error: { message: 'stopped on request' } });
    assert.equal(ack.status, 200, JSON.stringify(ack.body));
    assert.equal(ack.body.status, 'cancelled');
    assert.equal((await stack.closedJob(id)).status, 'cancelled');
  });
});
