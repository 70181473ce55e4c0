import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { kindTaskQueue } from '../../workflows/shared/task-queue';
import { type EmailStack, startEmailStack, TEST_EMAIL_CONFIG } from '../helpers/email-stack';
import { waitFor } from '../helpers/wait-for';

// EMAIL_SEND_DEADLINE_MS counts from the first attempt: time in the queue before it does not count, and a
// transient failure after it is final, with the server's own reply.
describe('the send deadline of an email job', () => {
  const DEADLINE_MS = 2_000;
  let stack: EmailStack;
  const stops: (() => Promise<void>)[] = [];
  const closed = (id: string) =>
    waitFor(
      async () => {
        const { body } = await stack.api.request('GET', `/v1/jobs/${id}`);
        return body.closedAt !== null && body;
      },
      { timeoutMs: 20_000, what: `job ${id} to close` },
    );

  before(async () => {
    // With a kind limit the sends go to the email queue, whose worker each test starts when it needs it.
    const email = {
      ...TEST_EMAIL_CONFIG,
      activitiesPerSecond: 1000,
      retry: { initialIntervalMs: 100, maximumIntervalMs: 400, deadlineMs: DEADLINE_MS },
    };
    stack = await startEmailStack('send-deadline', email);
    stops.push((await stack.startWorker()).stop);
  });
  after(async () => {
    for (const stop of stops) await stop();
    await stack.close();
  });

  it('does not count the time the send waited in the queue: queued past its deadline, it is sent and retried', async () => {
    stack.sink.replyNext(451, 'Try again later');
    const { body: accepted } = await stack.api.request('POST', '/v1/emails', {
      to: ['ada@example.com'],
      subject: 'Backlog',
      text: 'x',
    });
    await waitFor(
      async () =>
        ((await stack.env.client.workflow.getHandle(accepted.id).describe()).raw.pendingActivities ?? []).length === 1,
      { what: 'the send to be queued' },
    );
    // Nobody polls the email queue yet: the send waits there past its deadline, as behind a rate limit's backlog.
    await sleep(DEADLINE_MS + 1_000);
    stops.push((await stack.startWorker(kindTaskQueue(stack.taskQueue, 'email'))).stop);

    const job = await closed(accepted.id);
    assert.equal(job.status, 'succeeded', JSON.stringify(job.lastError));
    assert.equal(job.attempts, 2);
    assert.equal(stack.sink.attempts, 2);
    assert.equal(stack.sink.messages.length, 1);
  });

  it('fails a send still deferred once the deadline has passed, with the last SMTP reply as a final error', async () => {
    stack.sink.reset();
    stack.sink.replyNext(451, 'Greylisted, try again later', 1000);
    const { body: accepted } = await stack.api.request('POST', '/v1/emails', {
      to: ['ada@example.com'],
      subject: 'Greylisted',
      text: 'x',
    });
    const job = await closed(accepted.id);
    assert.equal(job.status, 'failed');
    assert.equal(job.lastError.type, 'SmtpTransientFailure');
    assert.equal(job.lastError.code, 451);
    assert.equal(job.lastError.nonRetryable, true);
    assert.match(
      job.lastError.message,
      /Greylisted, try again later.*the send deadline, 2000 ms after the first attempt, has passed/,
    );
    assert.ok(stack.sink.attempts >= 2, `retried before the deadline (${stack.sink.attempts} attempts)`);
    assert.equal(stack.sink.messages.length, 0);
  });
});
