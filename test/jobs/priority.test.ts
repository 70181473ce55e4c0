import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { useApiEnv } from '../helpers/api-env';
import { createTestWorker } from '../helpers/temporal';

describe('job priority', () => {
  const stack = useApiEnv('priority');
  const { taskQueue } = stack;

  it('lets a priority-1 job overtake 200 priority-5 jobs queued behind one slow worker slot', async () => {
    const bulk: string[] = [];
    for (let i = 0; i < 200; i++)
      bulk.push((await stack.api.request('POST', '/v1/pings', { message: `bulk ${i}`, priority: 5 })).body.id);
    const urgent = (await stack.api.request('POST', '/v1/pings', { message: 'password reset', priority: 1 })).body.id;

    const worker = await createTestWorker(stack.env, {
      taskQueue,
      maxConcurrentActivityTaskExecutions: 1,
      maxConcurrentWorkflowTaskExecutions: 2,
      activities: {
        async pong(message: string) {
          await sleep(10);
          return { message, worker: 'slow', at: new Date().toISOString() };
        },
      },
    });
    await worker.runUntil(Promise.all([...bulk, urgent].map((id) => stack.env.client.workflow.getHandle(id).result())));

    // describe reads the workflow's own state; visibility (list) may not have the close times yet.
    const closed = new Map<string, number>();
    for (const id of [...bulk, urgent]) {
      const { closeTime } = await stack.env.client.workflow.getHandle(id).describe();
      assert.ok(closeTime, `${id} has closed`);
      closed.set(id, closeTime.getTime());
    }
    const overtaken = bulk.filter((id) => closed.get(id)! > closed.get(urgent)!).length;
    assert.ok(overtaken > 150, `the urgent job finished before ${overtaken} of 200 bulk jobs`);
  });

  it('refuses a priority outside 1-5', async () => {
    const r = await stack.api.request('POST', '/v1/pings', { priority: 9 });
    assert.equal(r.status, 400);
    assert.equal(r.body.errors[0].field, 'priority');
  });
});
