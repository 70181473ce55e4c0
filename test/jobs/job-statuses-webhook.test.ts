import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { attemptLoopState } from '../../src/jobs/own-attempts';
import type { DeliverWebhookInput } from '../../workflows/deliver-webhook';
import { WEBHOOK_TRANSIENT_FAILURE } from '../../workflows/shared/failure-types';
import { reply } from '../activities/webhooks/receiver';
import { type WebhookStack, startWebhookStack } from '../helpers/webhook-stack';
import { waitFor } from '../helpers/wait-for';

// A webhook job runs its own attempt loop (one activity per attempt, a durable sleep between them):
// while it waits for its next attempt no activity is pending, and its status comes from its query.
describe('the retrying status of a webhook job between attempts', () => {
  let stack: WebhookStack;

  before(async () => {
    // Long enough between attempts (2 s ± 20 %) to be seen waiting; many attempts, so it keeps retrying until healed.
    stack = await startWebhookStack('statuses-webhook', {
      retryScheduleMs: [0, 2000, 2000, 2000, 2000, 2000, 2000, 2000, 2000, 2000],
      deadlineMs: 60_000,
    });
  });
  after(() => stack.close());

  it('reads retrying with attempts, lastError.code and the next attempt while it waits, then succeeded', async () => {
    const endpoint = await stack.createEndpoint();
    let healed = false;
    stack.handler = (request, response) => (healed ? reply(200) : reply(500, {}, 'down'))(request, response);
    const { jobs } = await stack.send({ endpointId: endpoint.id });
    const id: string = jobs[0].id;

    const waiting = await waitFor(
      async () => {
        const job = (await stack.api.request('GET', `/v1/jobs/${id}`)).body;
        return job.status === 'retrying' && job.nextAttemptAt && job;
      },
      { timeoutMs: 15_000, intervalMs: 50, what: `job ${id} to read retrying while it waits` },
    );
    assert.equal(waiting.closedAt, null);
    assert.ok(waiting.attempts >= 1, `attempts ${waiting.attempts}`);
    assert.deepEqual(waiting.lastError, {
      message: waiting.lastError.message,
      type: WEBHOOK_TRANSIENT_FAILURE,
      code: 500,
      nonRetryable: false,
    });
    assert.match(waiting.lastError.message, /^Attempt \d+ failed: HTTP 500$/);
    const log = await stack.attempts(id);
    assert.ok(log.length >= waiting.attempts, `log ${log.length}, attempts ${waiting.attempts}`);
    const dueIn = Date.parse(waiting.nextAttemptAt) - Date.parse(log[waiting.attempts - 1].at);
    assert.ok(dueIn >= 1500 && dueIn <= 3000, `next attempt due ${dueIn} ms after the last one started`);

    // Visibility says Running; the listing describes each candidate and keeps the retrying ones.
    await waitFor(
      async () => {
        const listed = (await stack.api.request('GET', '/v1/jobs?kind=webhook&status=retrying&limit=100')).body;
        return listed.jobs?.some((j: { id: string; status: string }) => j.id === id && j.status === 'retrying');
      },
      { timeoutMs: 15_000, what: `job ${id} in GET /v1/jobs?status=retrying` },
    );

    healed = true;
    const done = await stack.closedJob(id, 15_000);
    assert.equal(done.status, 'succeeded');
    assert.equal(done.lastError, null);
    assert.equal(done.nextAttemptAt, undefined);
    const final = await stack.attempts(id);
    assert.equal(done.attempts, final.length);
    assert.ok(final.length >= 2);
    assert.deepEqual(
      final.map((a) => a.statusCode),
      [...Array(final.length - 1).fill(500), 200],
    );
  });

  it('does without the delivery state, within its timeout, when no worker answers the query', async () => {
    const id = `webhook-unpolled-${stack.taskQueue}`;
    const input: DeliverWebhookInput = {
      messageId: 'msg-unpolled',
      endpointId: 'we-none',
      event: 'invoice.paid',
      payload: {},
      deadlineMs: 60_000,
      attemptTimeoutMs: 1000,
    };
    await stack.env.client.workflow.start('deliverWebhook', {
      taskQueue: `${stack.taskQueue}-unpolled`,
      workflowId: id,
      args: [input],
    });
    try {
      const started = Date.now();
      assert.equal(await attemptLoopState(stack.env.client, id, 1000), undefined);
      assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
    } finally {
      await stack.env.client.workflow.getHandle(id).terminate('test cleanup');
    }
  });
});
