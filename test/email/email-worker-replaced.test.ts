// On the dev server, not the time-skipping one: the timer's workflow task goes to the stopped worker's
// sticky queue, which the real server hands to the shared queue after its sticky timeout in real time.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type EmailStack, startEmailStack } from '../helpers/email-stack';
import { waitFor } from '../helpers/wait-for';

describe('an email job whose worker is replaced while its timer waits', () => {
  let stack: EmailStack;
  let stopWorker: () => Promise<void>;

  before(async () => {
    stack = await startEmailStack('email-worker-replaced');
    stopWorker = (await stack.startWorker()).stop;
  });
  after(async () => {
    await stopWorker();
    await stack.close();
  });

  it('still sends once, not before its time', async () => {
    const sendAt = new Date(Date.now() + 3_000).toISOString();
    const { body: accepted } = await stack.api.request('POST', '/v1/emails', {
      to: ['ada@example.com'],
      subject: 'Survivor',
      text: 'x',
      sendAt,
    });
    const job = async () => (await stack.api.request('GET', `/v1/jobs/${accepted.id}`)).body;
    await waitFor(async () => (await job()).status === 'scheduled', { what: 'the timer to start' });
    await stopWorker();
    const handle = stack.env.client.workflow.getHandle(accepted.id);
    await waitFor(async () => (await handle.fetchHistory()).events?.some((e) => e.timerFiredEventAttributes), {
      what: 'the timer to fire with no worker',
    });
    assert.equal(stack.sink.attempts, 0, 'no worker, no send');
    stopWorker = (await stack.startWorker()).stop;
    // Up to stickyQueueScheduleToStartTimeout (10 s by default) on the stopped worker's sticky queue first.
    const done = await waitFor(
      async () => {
        const shown = await job();
        return shown.closedAt !== null && shown;
      },
      { timeoutMs: 30_000, what: 'the job to close' },
    );
    assert.equal(done.status, 'succeeded', JSON.stringify(done.lastError));
    assert.ok(Date.parse(done.closedAt) >= Date.parse(sendAt), `sent at ${done.closedAt}, not before ${sendAt}`);
    assert.deepEqual([stack.sink.attempts, stack.sink.messages.length], [1, 1], 'sent exactly once');
  });
});
