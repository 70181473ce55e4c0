// A task type's limits: `concurrency` caps the calls in flight on each worker (the type's Worker's slots);
// `ratePerSecond` is set on the type's own queue, where the server applies it across every worker; a PATCH
// reaches running workers at their next refresh.
import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { temporal } from '@temporalio/proto';
import { taskTypeQueue } from '../../activities/tasks/task-type';
import type { ReceivedRequest } from '../activities/webhooks/receiver';
import { startTaskStack, type TaskStack } from '../helpers/task-stack';
import { waitFor } from '../helpers/wait-for';

const { RateLimitSource, TaskQueueType } = temporal.api.enums.v1;

describe('task type limits', () => {
  let stack: TaskStack;
  before(async () => {
    stack = await startTaskStack('task-limits');
  });
  after(() => stack?.close());

  const rateLimitOf = async (type: string) => {
    const r = await stack.client.workflowService.describeTaskQueue({
      namespace: 'default',
      taskQueue: { name: taskTypeQueue(stack.taskQueue, type) },
      taskQueueType: TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY,
      reportConfig: true,
    });
    return { perSecond: r.effectiveRateLimit?.requestsPerSecond, source: r.effectiveRateLimit?.rateLimitSource };
  };

  it("never has more calls in flight on a worker than the type's concurrency", async () => {
    let inFlight = 0;
    let most = 0;
    const slow = (_req: ReceivedRequest, res: ServerResponse) => {
      most = Math.max(most, ++inFlight);
      setTimeout(() => {
        inFlight--;
        res.writeHead(200).end();
      }, 300);
    };
    await stack.register('pdf.render', slow, { concurrency: 1 });
    const ids = await Promise.all(
      [1, 2, 3, 4].map(async (n) => (await stack.enqueue('pdf.render', { payload: n })).id),
    );
    const jobs = await Promise.all(ids.map((id) => stack.closedJob(id, 30_000)));
    assert.deepEqual(
      jobs.map((j) => j.status),
      ['succeeded', 'succeeded', 'succeeded', 'succeeded'],
    );
    assert.equal(most, 1, `at most one call at a time, saw ${most}`);
  });

  it("has the server limit the type's queue to ratePerSecond, and follows a PATCH", async () => {
    const seen: number[] = [];
    await stack.register(
      'fx.rates',
      (_req, res) => {
        seen.push(Date.now());
        res.writeHead(200).end();
      },
      { ratePerSecond: 2 },
    );
    const limit = await waitFor(
      async () => {
        const l = await rateLimitOf('fx.rates');
        return l.source === RateLimitSource.RATE_LIMIT_SOURCE_WORKER && l;
      },
      { what: "the queue's limit from its worker" },
    );
    assert.equal(limit.perSecond, 2);
    const ids = await Promise.all(
      [1, 2, 3, 4, 5, 6].map(async (n) => (await stack.enqueue('fx.rates', { payload: n })).id),
    );
    await Promise.all(ids.map((id) => stack.closedJob(id, 30_000)));
    const spread = Math.max(...seen) - Math.min(...seen);
    assert.ok(spread >= 1500, `6 calls at 2/s came within ${spread} ms`);

    assert.equal((await stack.api.request('PATCH', '/v1/task-types/fx.rates', { ratePerSecond: 50 })).status, 200);
    await waitFor(async () => (await rateLimitOf('fx.rates')).perSecond === 50, {
      timeoutMs: 10_000,
      what: 'the new limit on the queue',
    });
  });
});
