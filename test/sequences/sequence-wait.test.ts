// A sequence's wait step is a durable timer of the sequence's own: on a time-skipping test server of
// its own, a day's wait passes in a second, and "not before" is read on the server's clock.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type AllKindsStack, startAllKindsStack } from '../helpers/all-kinds-stack';
import { startTimeSkippingEnv } from '../helpers/temporal';
import { waitFor } from '../helpers/wait-for';

const HOUR = 3_600_000;

describe('a wait step in a sequence', () => {
  let stack: AllKindsStack;
  const job = async (id: string) => (await stack.api.request('GET', `/v1/jobs/${id}`)).body;

  before(async () => {
    stack = await startAllKindsStack('sequence-wait', { retryScheduleMs: [0] }, startTimeSkippingEnv);
  });
  after(() => stack.close());

  it('holds the next step (a ping) back for its delay, then runs it', async () => {
    const accepted = await stack.api.request('POST', '/v1/sequences', {
      steps: [
        { type: 'wait', input: { delay: '1d' } },
        { type: 'ping', input: { message: 'after the wait' } },
      ],
    });
    assert.equal(accepted.status, 202, JSON.stringify(accepted.body));
    const id: string = accepted.body.id;
    await waitFor(async () => (await job(id)).progress?.[0]?.status === 'running', { what: 'the wait to begin' });
    await stack.env.sleep(23 * HOUR);
    const waiting = await job(id);
    assert.deepEqual(
      waiting.progress.map((s: any) => [s.type, s.status]),
      [
        ['wait', 'running'],
        ['ping', 'pending'],
      ],
      'an hour before the end of the wait',
    );
    await stack.env.sleep(2 * HOUR);
    const done = await stack.closedJob(id);
    assert.equal(done.status, 'succeeded', JSON.stringify(done.lastError));
    assert.deepEqual(
      done.progress.map((s: any) => [s.type, s.status]),
      [
        ['wait', 'succeeded'],
        ['ping', 'succeeded'],
      ],
    );
    assert.equal(done.progress[1].result.message, 'after the wait');
    assert.ok(done.durationMs >= 24 * HOUR, `the ping ran ${done.durationMs} ms after the start`);
  });
});
