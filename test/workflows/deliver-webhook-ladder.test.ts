// The webhook retry ladder as it ships (0 s, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, ±20 %), and a
// receiver's Retry-After, on a time-skipping test server of their own: a day and a half of retries in
// seconds, with every wait measured on the server's clock.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { loadConfig } from '../../src/config';
import { DEFAULT_RETRY_SCHEDULE_MS } from '../../workflows/shared/webhook-schedule';
import { WEBHOOK_RETRIES_EXHAUSTED } from '../../workflows/shared/failure-types';
import { reply, sequence } from '../activities/webhooks/receiver';
import { startTimeSkippingEnv } from '../helpers/temporal';
import { waitFor } from '../helpers/wait-for';
import { type WebhookStack, startWebhookStack } from '../helpers/webhook-stack';

const MINUTE = 60_000;
const DEFAULTS = loadConfig({}).webhooks;

describe('the webhook retry ladder, on a time-skipping server', () => {
  let stack: WebhookStack;
  const job = async (id: string) => (await stack.api.request('GET', `/v1/jobs/${id}`)).body;
  const deliver = async () =>
    (await stack.send({ endpointId: (await stack.createEndpoint()).id })).jobs[0].id as string;

  before(async () => {
    stack = await startWebhookStack(
      'ladder',
      { retryScheduleMs: [...DEFAULT_RETRY_SCHEDULE_MS], deadlineMs: DEFAULTS.deadlineMs },
      {},
      { connect: startTimeSkippingEnv },
    );
  });
  beforeEach(() => {
    stack.receiver.requests.length = 0;
  });
  after(() => stack.close());

  it('climbs the default ladder to its end, then fails as exhausted, after more than a day of retries', async () => {
    stack.handler = reply(503);
    const id = await deliver();
    const total = DEFAULT_RETRY_SCHEDULE_MS.reduce((sum, ms) => sum + ms, 0);
    await stack.env.sleep(total * 1.2 + MINUTE);
    const done = await stack.closedJob(id);
    assert.deepEqual(
      [done.status, done.attempts, done.lastError.type, done.lastError.code],
      ['failed', DEFAULT_RETRY_SCHEDULE_MS.length, WEBHOOK_RETRIES_EXHAUSTED, 503],
    );
    assert.match(done.lastError.message, /the retry schedule is exhausted/);
    assert.equal(stack.receiver.requests.length, DEFAULT_RETRY_SCHEDULE_MS.length);
    // The server's clock: the waits add up to the schedule, each within its jitter.
    assert.ok(
      done.durationMs >= total * 0.8 && done.durationMs <= total * 1.2 + MINUTE,
      `${done.durationMs} ms from first to last attempt, for a ladder of ${total} ms`,
    );
  });

  it('waits at least the Retry-After of a 429 before the next attempt, though the ladder says 5 s', async () => {
    stack.handler = sequence(reply(429, { 'Retry-After': '600' }), reply(200));
    const id = await deliver();
    await waitFor(async () => (await job(id)).status === 'retrying', { what: 'the first attempt to be refused' });
    await stack.env.sleep(9 * MINUTE);
    assert.equal((await job(id)).status, 'retrying', 'still waiting a minute before Retry-After');
    assert.equal(stack.receiver.requests.length, 1);
    await stack.env.sleep(2 * MINUTE);
    const done = await stack.closedJob(id);
    assert.equal(done.status, 'succeeded');
    assert.deepEqual(
      (await stack.attempts(id)).map((a) => [a.statusCode, a.retryAfterMs]),
      [
        [429, 600_000],
        [200, undefined],
      ],
    );
    assert.ok(done.durationMs >= 10 * MINUTE, `delivered ${done.durationMs} ms after the first attempt`);
  });
});
