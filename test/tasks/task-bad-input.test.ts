// What the task routes refuse, and that a refused request starts nothing: an unknown type (404), a payload
// over TASK_MAX_PAYLOAD_BYTES (413), bad options (400 naming the field), completion calls on a job that has
// no open attempt (409), and keys without the task scopes (403).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { hashApiKey, newApiKey } from '../../src/security/api-keys';
import { reply } from '../activities/webhooks/receiver';
import { startTestApi, type TestApi } from '../helpers/api';
import { startTaskStack, type TaskStack } from '../helpers/task-stack';
import { waitFor } from '../helpers/wait-for';

describe('task requests refused', () => {
  let stack: TaskStack;
  let scoped: TestApi;
  const keys = { enqueuer: newApiKey(), app: newApiKey() };
  const as = (who: keyof typeof keys) => ({ authorization: `Bearer ${keys[who]}` });
  const taskJobs = async () =>
    (await stack.client.workflow.count(`TaskQueue = '${stack.taskQueue}' AND JobKind = 'task'`)).count;

  before(async () => {
    stack = await startTaskStack('task-bad-input', { TASK_MAX_PAYLOAD_BYTES: '1024' });
    await stack.register('report.build', reply(202, { 'afterward-async': 'true' }));
    const auth = {
      disabled: false,
      keys: [
        { name: 'enqueuer', scopes: ['tasks:write' as const], sha256: hashApiKey(keys.enqueuer) },
        { name: 'app', scopes: ['tasks:complete' as const], sha256: hashApiKey(keys.app) },
      ],
      rateLimit: { perSecond: 100_000, burst: 100_000 },
    };
    scoped = await startTestApi(stack.client, stack.taskQueue, { store: stack.store, tasks: stack.config.tasks, auth });
  });
  after(async () => {
    await scoped?.close();
    await stack?.close();
  });

  it('starts nothing for an unknown type, a payload over the limit, or bad options', async () => {
    const before = await taskJobs();
    const unknown = await stack.api.request('POST', '/v1/tasks/no.such.type', { payload: {} });
    assert.equal(unknown.status, 404);
    assert.match(unknown.body.detail, /no task type named no\.such\.type/);
    const large = await stack.api.request('POST', '/v1/tasks/report.build', { payload: { text: 'x'.repeat(2000) } });
    assert.equal(large.status, 413);
    assert.equal(large.body.errors[0].field, 'payload');
    assert.match(large.body.errors[0].message, /TASK_MAX_PAYLOAD_BYTES/);
    for (const [body, field] of [
      [{ priority: 9 }, 'priority'],
      [{ delay: 'soon' }, 'delay'],
      [{ sendAt: '2030-01-01T09:00:00Z', delay: '1h' }, 'delay'],
      [{ tags: ['has space'] }, 'tags[0]'],
      [{ payload: 1, surprise: true }, 'surprise'],
    ] as const) {
      const refused = await stack.api.request('POST', '/v1/tasks/report.build', body);
      assert.equal(refused.status, 400, JSON.stringify(body));
      assert.ok(
        refused.body.errors.some((e: { field: string }) => e.field === field),
        `${JSON.stringify(body)} names ${field}: ${JSON.stringify(refused.body.errors)}`,
      );
    }
    assert.equal(await taskJobs(), before, 'no job was started');
  });

  it('answers 409 to complete, fail and progress on a job with no open attempt', async () => {
    const waiting = (await stack.enqueue('report.build', { delay: '1h' })).id;
    const ping = (await stack.api.request('POST', '/v1/pings', {})).body.id;
    for (const id of [waiting, ping]) {
      for (const [route, body] of [
        ['complete', { result: 1 }],
        ['fail', { error: { message: 'no' } }],
        ['progress', { progress: 1 }],
      ] as const) {
        const answer = await stack.api.request('POST', `/v1/jobs/${id}/${route}`, body);
        assert.equal(answer.status, 409, `${route} on ${id}: ${JSON.stringify(answer.body)}`);
      }
    }
    assert.equal((await stack.api.request('POST', '/v1/jobs/task-nonexistent/complete', { result: 1 })).status, 404);
    await stack.api.request('POST', `/v1/jobs/${waiting}/cancel`);
  });

  it('refuses an attempt number that is not the one under way, and bad completion bodies, naming the field', async () => {
    const { id } = await stack.enqueue('report.build');
    await waitFor(
      async () =>
        (await stack.job(id)).status === 'running' &&
        stack.app.requests.some((r) => r.headers['afterward-job-id'] === id),
      { what: 'the call' },
    );
    const stale = await stack.api.request('POST', `/v1/jobs/${id}/complete`, { result: 1, attempt: 2 });
    assert.equal(stale.status, 409);
    assert.match(stale.body.detail, /attempt 2 .* is over; attempt 1 is under way/);
    for (const [route, body, field] of [
      ['fail', { error: {} }, 'error.message'],
      ['progress', { progress: 'x'.repeat(17_000) }, 'progress'],
      ['complete', { result: 1, attempt: 0 }, 'attempt'],
    ] as const) {
      const refused = await stack.api.request('POST', `/v1/jobs/${id}/${route}`, body);
      assert.equal(refused.status, 400, `${route} ${JSON.stringify(refused.body)}`);
      assert.ok(
        refused.body.errors.some((e: { field: string }) => e.field === field),
        `${route} names ${field}: ${JSON.stringify(refused.body.errors)}`,
      );
    }
    assert.equal((await stack.job(id)).status, 'running', 'nothing refused changed the task');
    assert.equal(
      (await stack.api.request('POST', `/v1/jobs/${id}/complete`, { result: 'ok', attempt: 1 })).status,
      200,
    );
    assert.equal((await stack.closedJob(id)).result, 'ok');
  });

  it("lets an enqueuing key enqueue but not complete, and the app's key complete but not enqueue", async () => {
    const enqueued = await scoped.request('POST', '/v1/tasks/report.build', { payload: 1 }, as('enqueuer'));
    assert.equal(enqueued.status, 202, JSON.stringify(enqueued.body));
    assert.equal((await scoped.request('POST', '/v1/tasks/report.build', { payload: 1 }, as('app'))).status, 403);
    const id = enqueued.body.id;
    await waitFor(
      async () =>
        (await stack.job(id)).status === 'running' &&
        stack.app.requests.some((r) => r.headers['afterward-job-id'] === id),
      { what: 'the call' },
    );
    assert.equal((await scoped.request('POST', `/v1/jobs/${id}/complete`, { result: 1 }, as('enqueuer'))).status, 403);
    assert.equal((await scoped.request('POST', `/v1/jobs/${id}/progress`, { progress: 1 }, as('app'))).status, 200);
    assert.equal((await scoped.request('POST', `/v1/jobs/${id}/complete`, { result: 1 }, as('app'))).status, 200);
    assert.equal(
      (await scoped.request('POST', '/v1/task-types', { name: 'x', url: 'http://127.0.0.1:1/x' }, as('app'))).status,
      403,
    );
  });
});
