// A worker process killed (SIGKILL) while the app works on a long task: the attempt lives on the Temporal
// server, not in the worker, so the app's progress and completion are taken with no worker at all, and a
// new worker process finishes the job with the app's result, having called the app once.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { generateSecret } from '../../activities/webhooks/signature';
import { loadConfig } from '../../src/config';
import { type Receiver, reply, startReceiver } from '../activities/webhooks/receiver';
import { type TestApi, startTestApi } from '../helpers/api';
import { openTestStore, type TestStore } from '../helpers/audit-stack';
import { type RunningProcess, startWorkerProcess } from '../helpers/main-process';
import { connectTestEnv, uniqueTaskQueue } from '../helpers/temporal';
import { waitFor } from '../helpers/wait-for';

describe('a long task whose worker is killed', () => {
  const taskQueue = uniqueTaskQueue('task-killed');
  const secret = generateSecret();
  const workers: RunningProcess[] = [];
  let env: TestWorkflowEnvironment;
  let store: TestStore;
  let app: Receiver;
  let api: TestApi;

  /** The real process in role worker, on this test's queue and database, allowed to call the app. */
  const startWorker = async (): Promise<RunningProcess> => {
    const worker = await startWorkerProcess({
      DATABASE_URL: store.url,
      TEMPORAL_TASK_QUEUE: taskQueue,
      TASK_ALLOWED_ORIGINS: app.origin,
      TASK_SIGNING_SECRET: secret,
    });
    workers.push(worker);
    return worker;
  };

  before(async () => {
    env = await connectTestEnv();
    store = await openTestStore('SQLite');
    app = await startReceiver(reply(202, { 'content-type': 'application/json' }, '{"async":true}'));
    const tasks = loadConfig({ TASK_ALLOWED_ORIGINS: app.origin, TASK_SIGNING_SECRET: secret }).tasks;
    api = await startTestApi(env.client, taskQueue, { store, tasks });
  });
  after(async () => {
    for (const w of workers) w.child.kill('SIGKILL');
    await api?.close();
    await app?.close();
    await store?.close();
    await env?.teardown();
  });

  it("takes progress and completion with no worker, and a new worker ends the job with the app's result", async () => {
    const created = await api.request('POST', '/v1/task-types', {
      name: 'video.render',
      url: `${app.origin}/render`,
      timeout: '10m',
      heartbeatTimeout: '5m',
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const first = await startWorker();
    const { body: accepted } = await api.request('POST', '/v1/tasks/video.render', { payload: { video: 'v_1' } });
    await waitFor(() => app.requests.some((r) => r.headers['afterward-job-id'] === accepted.id), {
      timeoutMs: 30_000,
      what: 'the app to be called',
    });

    first.child.kill('SIGKILL');
    await first.exited;
    const progress = await api.request('POST', `/v1/jobs/${accepted.id}/progress`, { progress: { percent: 60 } });
    assert.deepEqual([progress.status, progress.body.cancelRequested], [200, false], JSON.stringify(progress.body));
    const done = await api.request('POST', `/v1/jobs/${accepted.id}/complete`, {
      result: { url: 's3://videos/v_1.mp4' },
    });
    assert.deepEqual([done.status, done.body.status], [200, 'completed'], JSON.stringify(done.body));
    // The completion is recorded; the workflow task that acts on it waits for a worker.
    assert.equal((await api.request('GET', `/v1/jobs/${accepted.id}`)).body.closedAt, null);

    await startWorker();
    const job = await waitFor(
      async () => {
        const j = (await api.request('GET', `/v1/jobs/${accepted.id}`)).body;
        return j.closedAt !== null && j;
      },
      { timeoutMs: 60_000, what: 'the job to close on the new worker' },
    );
    assert.equal(job.status, 'succeeded', JSON.stringify(job.lastError));
    assert.deepEqual(job.result, { url: 's3://videos/v_1.mp4' });
    assert.equal(job.attempts, 1);
    assert.equal(
      app.requests.filter((r) => r.headers['afterward-job-id'] === accepted.id).length,
      1,
      'the app was called once',
    );
  });
});
