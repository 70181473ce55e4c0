// Tasks beside the other kinds: a schedule firing a task every 2 s (each run calls the app, one job per
// run), and a sequence mixing a task and an email (the email goes to a real SMTP sink once the task is done).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type AllKindsStack, startAllKindsStack } from '../helpers/all-kinds-stack';
import { waitForRuns } from '../schedules/schedule-helpers';
import { waitFor } from '../helpers/wait-for';

describe('tasks in schedules and sequences', () => {
  let stack: AllKindsStack;
  before(async () => {
    stack = await startAllKindsStack('task-schedules');
    await stack.registerTaskType('rates.sync');
  });
  after(() => stack?.close());

  const calls = () => stack.taskApp.requests.filter((r) => r.path === '/rates.sync');

  it('fires a task every 2 s: each run is a task job that called the app', async () => {
    const id = `task-every-2s-${Date.now()}`;
    const created = await stack.api.request('POST', '/v1/schedules', {
      id,
      every: '2s',
      job: { kind: 'task', input: { type: 'rates.sync', payload: { base: 'EUR' } } },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    try {
      const { recentRuns } = await waitForRuns(stack.api, id, 3, 20_000);
      const jobs = await Promise.all(
        recentRuns.slice(0, 3).map((run: { jobId: string }) => stack.closedJob(run.jobId, 20_000)),
      );
      assert.deepEqual(
        jobs.map((j) => [j.kind, j.status]),
        [
          ['task', 'succeeded'],
          ['task', 'succeeded'],
          ['task', 'succeeded'],
        ],
      );
      const called = new Set(calls().map((r) => r.headers['afterward-job-id']));
      for (const job of jobs) assert.ok(called.has(job.id), `run ${job.id} called the app`);
      assert.deepEqual(JSON.parse(calls()[0]!.body).data, { base: 'EUR' });
    } finally {
      await stack.api.request('DELETE', `/v1/schedules/${id}`);
    }
  });

  it('runs a sequence of a task then an email: the email leaves once the task is done', async () => {
    const r = await stack.api.request('POST', '/v1/sequences', {
      steps: [
        { type: 'task', input: { type: 'rates.sync', payload: { base: 'USD' } } },
        { type: 'email', input: { to: ['ops@example.com'], subject: 'Rates synced', text: 'Done' } },
      ],
    });
    assert.equal(r.status, 202, JSON.stringify(r.body));
    const job = await stack.closedJob(r.body.id, 30_000);
    assert.equal(job.status, 'succeeded', JSON.stringify(job.lastError));
    assert.deepEqual(
      job.progress.map((s: { type: string; status: string }) => [s.type, s.status]),
      [
        ['task', 'succeeded'],
        ['email', 'succeeded'],
      ],
    );
    assert.deepEqual(job.progress[0].result.result, { done: true });
    const taskCall = calls().find((c) => c.headers['afterward-job-id'] === job.progress[0].jobId);
    assert.ok(taskCall, 'the task step called the app');
    const mail = await waitFor(() => stack.sink.messages.find((m) => m.raw.toString().includes('Rates synced')), {
      what: 'the email in the sink',
    });
    const task = await stack.closedJob(job.progress[0].jobId);
    assert.ok(mail.receivedAt >= Date.parse(task.closedAt), 'the email left after the task was done');
  });
});
