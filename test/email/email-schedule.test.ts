// Email jobs sent later, on a time-skipping test server of their own: each wait is hours or days of the
// server's clock, skipped with env.sleep, and "not before sendAt" is read on that clock (the job's close
// time), so nothing here waits out a timer in real time.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { type EmailStack, startEmailStack, TEST_EMAIL_CONFIG } from '../helpers/email-stack';
import { startTimeSkippingEnv } from '../helpers/temporal';
import { waitFor } from '../helpers/wait-for';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('email jobs, sent later', () => {
  let stack: EmailStack;
  let stopWorker: () => Promise<void>;
  /** An ISO time `fromNowMs` after the server's now (which runs ahead of the real clock by every skip). */
  const serverTime = async (fromNowMs: number) => new Date((await stack.env.currentTimeMs()) + fromNowMs).toISOString();
  const post = (path: string, body?: unknown) => stack.api.request('POST', path, body);
  const send = async (body: Record<string, unknown>) => {
    const accepted = await post('/v1/emails', { to: ['ada@example.com'], subject: 'Later', text: 'x', ...body });
    assert.equal(accepted.status, 202, JSON.stringify(accepted.body));
    return accepted.body;
  };
  const job = async (id: string) => (await stack.api.request('GET', `/v1/jobs/${id}`)).body;
  const closed = (id: string, timeoutMs?: number) =>
    waitFor(
      async () => {
        const shown = await job(id);
        return shown.closedAt !== null && shown;
      },
      { timeoutMs, what: `job ${id} to close` },
    );

  before(async () => {
    stack = await startEmailStack('email-later', TEST_EMAIL_CONFIG, startTimeSkippingEnv);
    stopWorker = (await stack.startWorker()).stop;
  });
  beforeEach(() => stack.sink.reset());
  after(async () => {
    await stopWorker();
    await stack.close();
  });

  it('waits until sendAt: nothing before, delivered after', async () => {
    const sendAt = await serverTime(DAY);
    const accepted = await send({ sendAt });
    assert.equal(accepted.status, 'scheduled');
    assert.equal(accepted.sendAt, sendAt);
    await stack.env.sleep(DAY - HOUR);
    assert.equal((await job(accepted.id)).status, 'scheduled', 'still waiting an hour before sendAt');
    assert.equal(stack.sink.messages.length, 0, 'nothing before sendAt');
    await stack.env.sleep(2 * HOUR);
    const done = await closed(accepted.id);
    assert.equal(done.status, 'succeeded', JSON.stringify(done.lastError));
    assert.equal(stack.sink.messages.length, 1);
    assert.ok(Date.parse(done.closedAt) >= Date.parse(sendAt), `sent at ${done.closedAt}, not before ${sendAt}`);
  });

  it('accepts a delay like "2d" and an ISO-8601 duration, counted from when the API accepts it', async () => {
    for (const delay of ['2d', 'P2D']) {
      const before = Date.now();
      const accepted = await send({ delay });
      const sendAt = Date.parse(accepted.sendAt) - 2 * DAY;
      assert.equal(accepted.status, 'scheduled');
      assert.ok(
        before <= sendAt && sendAt <= Date.now(),
        `${delay}: sendAt ${accepted.sendAt} is two days after the request`,
      );
    }
    await stack.env.sleep(3 * DAY);
    await stack.sink.waitForMessages(2);
  });

  it('honours a reschedule to an earlier and to a later time', async () => {
    const earlier = await send({ to: ['early@example.com'], sendAt: await serverTime(10 * DAY) });
    const later = await send({ to: ['late@example.com'], sendAt: await serverTime(DAY) });
    const moveLater = await post(`/v1/emails/${later.id}/reschedule`, { sendAt: await serverTime(3 * DAY) });
    assert.equal(moveLater.status, 200);
    assert.equal(moveLater.body.phase, 'waiting');
    const movedEarlier = await post(`/v1/emails/${earlier.id}/reschedule`, { sendAt: await serverTime(DAY) });
    assert.equal(movedEarlier.body.phase, 'waiting');
    assert.equal((await job(earlier.id)).scheduledFor, movedEarlier.body.sendAt, 'the job shows the new time');

    await stack.env.sleep(DAY + HOUR);
    const [first] = await stack.sink.waitForMessages(1);
    assert.equal(first!.envelope.to[0], 'early@example.com');
    assert.equal((await job(later.id)).status, 'scheduled', 'the postponed mail has not gone at its old time');
    assert.equal(stack.sink.messages.length, 1);
    await stack.env.sleep(2 * DAY);
    const [, second] = await stack.sink.waitForMessages(2);
    assert.equal(second!.envelope.to[0], 'late@example.com');
    // The mail is in the sink before the job has recorded it: wait for the job to close.
    await closed(later.id);

    const tooLate = await post(`/v1/emails/${later.id}/reschedule`, { delay: '1h' });
    assert.equal(tooLate.status, 409);
    assert.match(tooLate.body.detail, /has already closed \(completed\)/);
  });

  it('sends a waiting email at once on send-now', async () => {
    const accepted = await send({ sendAt: await serverTime(HOUR) });
    const now = await post(`/v1/emails/${accepted.id}/send-now`);
    assert.equal(now.status, 200);
    assert.equal(now.body.sendAt, null);
    assert.equal((await job(accepted.id)).scheduledFor, null, 'the job no longer shows the old time');
    await stack.sink.waitForMessages(1);
  });

  it('cancels a waiting email: never delivered, status cancelled', async () => {
    const accepted = await send({ sendAt: await serverTime(DAY) });
    assert.equal((await post(`/v1/jobs/${accepted.id}/cancel`)).status, 202);
    assert.equal((await closed(accepted.id)).status, 'cancelled');
    await stack.env.sleep(2 * DAY);
    assert.equal(stack.sink.attempts, 0, 'nothing sent, even past its time');
    assert.equal((await post(`/v1/jobs/${accepted.id}/cancel`)).status, 409, 'a closed job cannot be cancelled again');
  });
});
