import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { type EmailStack, startEmailStack } from '../helpers/email-stack';
import { waitFor } from '../helpers/wait-for';

const inSeconds = (s: number): string => new Date(Date.now() + s * 1000).toISOString();
const arrivedAt = async (stack: EmailStack, timeoutMs: number): Promise<number> => {
  await stack.sink.waitForMessages(1, timeoutMs);
  return Date.now();
};

describe('email jobs, sent later', () => {
  let stack: EmailStack;
  let stopWorker: () => Promise<void>;

  before(async () => {
    stack = await startEmailStack('email-later');
    stopWorker = (await stack.startWorker()).stop;
  });
  beforeEach(() => stack.sink.reset());
  after(async () => {
    await stopWorker();
    await stack.close();
  });

  it('waits until sendAt: nothing before, delivered after', async () => {
    const sendAt = inSeconds(3);
    const accepted = await stack.api.request('POST', '/v1/emails', { to: ['ada@example.com'], subject: 'Later', text: 'x', sendAt });
    assert.equal(accepted.body.status, 'scheduled');
    assert.equal(accepted.body.sendAt, new Date(sendAt).toISOString());
    await sleep(2000);
    assert.equal(stack.sink.messages.length, 0, 'nothing before sendAt');
    assert.equal((await stack.api.request('GET', `/v1/jobs/${accepted.body.id}`)).body.status, 'scheduled');
    const at = await arrivedAt(stack, 5000);
    assert.ok(at >= Date.parse(sendAt), 'not early');
  });

  it('accepts a delay like "2s" and an ISO-8601 duration', async () => {
    const a = await stack.api.request('POST', '/v1/emails', { to: ['ada@example.com'], subject: 'Delay', text: 'x', delay: '2s' });
    const b = await stack.api.request('POST', '/v1/emails', { to: ['ada@example.com'], subject: 'Delay', text: 'x', delay: 'PT2S' });
    for (const r of [a, b]) {
      assert.equal(r.body.status, 'scheduled');
      assert.ok(Math.abs(Date.parse(r.body.sendAt) - (Date.now() + 2000)) < 1500);
    }
    await stack.sink.waitForMessages(2, 6000);
  });

  it('honours a reschedule to an earlier and to a later time', async () => {
    const earlier = await stack.api.request('POST', '/v1/emails', { to: ['early@example.com'], subject: 'Earlier', text: 'x', sendAt: inSeconds(60) });
    const later = await stack.api.request('POST', '/v1/emails', { to: ['late@example.com'], subject: 'Later', text: 'x', sendAt: inSeconds(1) });
    const moveLater = await stack.api.request('POST', `/v1/emails/${later.body.id}/reschedule`, { delay: '4s' });
    assert.equal(moveLater.status, 200);
    assert.equal(moveLater.body.phase, 'waiting');
    const movedEarlier = await stack.api.request('POST', `/v1/emails/${earlier.body.id}/reschedule`, { sendAt: inSeconds(1) });
    assert.equal(movedEarlier.body.phase, 'waiting');
    assert.equal((await stack.api.request('GET', `/v1/jobs/${earlier.body.id}`)).body.scheduledFor, movedEarlier.body.sendAt, 'the job shows the new time');

    const [first] = await stack.sink.waitForMessages(1, 5000);
    assert.equal(first!.envelope.to[0], 'early@example.com');
    await sleep(1500);
    assert.equal(stack.sink.messages.length, 1, 'the postponed mail has not gone at its old time');
    const [, second] = await stack.sink.waitForMessages(2, 5000);
    assert.equal(second!.envelope.to[0], 'late@example.com');
    // The mail is in the sink before the job has recorded it: wait for the job to close.
    await waitFor(async () => (await stack.api.request('GET', `/v1/jobs/${later.body.id}`)).body.closedAt !== null, { what: 'the later email to close' });

    const tooLate = await stack.api.request('POST', `/v1/emails/${later.body.id}/reschedule`, { delay: '1h' });
    assert.equal(tooLate.status, 409);
    assert.match(tooLate.body.detail, /has already closed \(completed\)/);
  });

  it('sends a waiting email at once on send-now', async () => {
    const accepted = await stack.api.request('POST', '/v1/emails', { to: ['ada@example.com'], subject: 'Now', text: 'x', delay: '1h' });
    const now = await stack.api.request('POST', `/v1/emails/${accepted.body.id}/send-now`);
    assert.equal(now.status, 200);
    assert.equal(now.body.sendAt, null);
    assert.equal((await stack.api.request('GET', `/v1/jobs/${accepted.body.id}`)).body.scheduledFor, null, 'the job no longer shows the old time');
    await stack.sink.waitForMessages(1, 5000);
  });

  it('cancels a waiting email: never delivered, status cancelled', async () => {
    const accepted = await stack.api.request('POST', '/v1/emails', { to: ['ada@example.com'], subject: 'Never', text: 'x', delay: '2s' });
    const cancelled = await stack.api.request('POST', `/v1/jobs/${accepted.body.id}/cancel`);
    assert.equal(cancelled.status, 202);
    const job = await waitFor(async () => {
      const { body } = await stack.api.request('GET', `/v1/jobs/${accepted.body.id}`);
      return body.status === 'cancelled' && body;
    }, { what: 'cancelled status' });
    assert.equal(job.status, 'cancelled');
    await sleep(3000);
    assert.equal(stack.sink.messages.length, 0);
    assert.equal((await stack.api.request('POST', `/v1/jobs/${accepted.body.id}/cancel`)).status, 409, 'a closed job cannot be cancelled again');
  });

  it('still sends once, on time, when the worker is replaced while the timer waits', async () => {
    const sendAt = inSeconds(5);
    const accepted = await stack.api.request('POST', '/v1/emails', { to: ['ada@example.com'], subject: 'Survivor', text: 'x', sendAt });
    await waitFor(async () => (await stack.api.request('GET', `/v1/jobs/${accepted.body.id}`)).body.status === 'scheduled', { what: 'the timer to start' });
    await stopWorker();
    await sleep(1000);
    stopWorker = (await stack.startWorker()).stop;
    const at = await arrivedAt(stack, 10_000);
    assert.ok(at >= Date.parse(sendAt), 'not early');
    // Worst case: the timer's workflow task went to the stopped worker's sticky queue, which Temporal
    // hands to the shared queue after stickyQueueScheduleToStartTimeout (10 s by default).
    assert.ok(at - Date.parse(sendAt) < 10_000, `on time (late by ${at - Date.parse(sendAt)} ms)`);
    await sleep(1000);
    assert.equal(stack.sink.messages.length, 1, 'sent exactly once');
  });
});
