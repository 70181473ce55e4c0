// What an email job costs the Temporal server (EMAIL_FIRST_ATTEMPT=local, the default): sent at the first attempt,
// one workflow task and no activity task; refused for now, retries as activities of its own that the job view
// shows; with a kind rate limit, every attempt an activity on the limited email queue.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { temporal } from '@temporalio/proto';
import { localActivityAttempt } from '../../src/jobs/local-activity-marker';
import { kindTaskQueue } from '../../workflows/shared/task-queue';
import { startTestApi, type TestApi } from '../helpers/api';
import { type EmailStack, startEmailStack, TEST_EMAIL_CONFIG } from '../helpers/email-stack';
import { waitFor } from '../helpers/wait-for';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

describe('the round trips of an email job', () => {
  const RETRY_MS = 1_500;
  let stack: EmailStack;
  const stops: (() => Promise<void>)[] = [];
  const closed = (api: TestApi, id: string) =>
    waitFor(
      async () => {
        const { body } = await api.request('GET', `/v1/jobs/${id}`);
        return body.closedAt !== null && body;
      },
      { timeoutMs: 20_000, what: `job ${id} to close` },
    );
  const history = async (id: string): Promise<HistoryEvent[]> =>
    (await stack.env.client.workflow.getHandle(id).fetchHistory()).events ?? [];
  const count = (events: HistoryEvent[], type: keyof HistoryEvent) => events.filter((e) => e[type]).length;

  before(async () => {
    // A fixed backoff long enough to read the job while it waits for its second attempt.
    stack = await startEmailStack('round-trips', {
      ...TEST_EMAIL_CONFIG,
      retry: { initialIntervalMs: RETRY_MS, maximumIntervalMs: RETRY_MS, deadlineMs: 60_000 },
    });
    stops.push((await stack.startWorker()).stop);
  });
  beforeEach(() => stack.sink.reset());
  after(async () => {
    for (const stop of stops) await stop();
    await stack.close();
  });

  it('sends at the first attempt in one workflow task, with no activity task', async () => {
    const { body: accepted } = await stack.api.request('POST', '/v1/emails', {
      to: ['ada@example.com'],
      subject: 'One task',
      text: 'x',
    });
    const job = await closed(stack.api, accepted.id);
    assert.equal(job.status, 'succeeded', JSON.stringify(job.lastError));
    assert.equal(job.attempts, 1);
    const events = await history(accepted.id);
    assert.equal(count(events, 'workflowTaskCompletedEventAttributes'), 1);
    assert.equal(count(events, 'activityTaskScheduledEventAttributes'), 0);
    assert.equal(stack.sink.messages.length, 1);
  });

  it('retries a 421 as an activity: retrying with nextAttemptAt, attempts and the SMTP code, then sent once with the same Message-ID', async () => {
    stack.sink.replyNext(421, 'Try again later');
    const { body: accepted } = await stack.api.request('POST', '/v1/emails', {
      to: ['ada@example.com'],
      subject: 'Second time lucky',
      text: 'x',
    });
    const retrying = await waitFor(
      async () => {
        const { body } = await stack.api.request('GET', `/v1/jobs/${accepted.id}`);
        return body.status === 'retrying' && body.nextAttemptAt && body;
      },
      { timeoutMs: 10_000, intervalMs: 50, what: `job ${accepted.id} to read retrying` },
    );
    assert.equal(retrying.attempts, 1);
    assert.equal(retrying.lastError.code, 421);
    assert.equal(retrying.lastError.type, 'SmtpTransientFailure');
    assert.equal(retrying.lastError.nonRetryable, false);
    assert.match(retrying.lastError.message, /421 Try again later/);
    const dueIn = Date.parse(retrying.nextAttemptAt) - Date.parse(retrying.attemptLog[0].at);
    assert.ok(dueIn >= RETRY_MS && dueIn < RETRY_MS + 1_000, `next attempt due ${dueIn} ms after the first`);

    const job = await closed(stack.api, accepted.id);
    assert.equal(job.status, 'succeeded', JSON.stringify(job.lastError));
    assert.equal(job.attempts, 2);
    assert.equal(job.nextAttemptAt, undefined);
    assert.equal(stack.sink.attempts, 2);
    assert.equal(stack.sink.messages.length, 1);
    assert.equal(stack.sink.messages[0]!.parsed.messageId, job.result.messageId);
    assert.equal(job.result.messageId, `<${accepted.id}@afterward.localhost>`);
    const events = await history(accepted.id);
    assert.equal(count(events, 'activityTaskScheduledEventAttributes'), 1, 'the retry, as an activity');
  });

  it('sends from the email queue as an activity, never locally, while EMAIL_ACTIVITIES_PER_SECOND is set', async () => {
    const limited = await startTestApi(stack.env.client, stack.taskQueue, {
      email: { ...TEST_EMAIL_CONFIG, activitiesPerSecond: 1000 },
    });
    try {
      const emailQueue = kindTaskQueue(stack.taskQueue, 'email');
      stops.push((await stack.startWorker(emailQueue)).stop);
      const { body: accepted } = await limited.request('POST', '/v1/emails', {
        to: ['ada@example.com'],
        subject: 'Rate-limited',
        text: 'x',
      });
      const job = await closed(limited, accepted.id);
      assert.equal(job.status, 'succeeded', JSON.stringify(job.lastError));
      const events = await history(accepted.id);
      const scheduled = events.flatMap((e) => e.activityTaskScheduledEventAttributes ?? []);
      assert.deepEqual(
        scheduled.map((a) => [a.activityType?.name, a.taskQueue?.name]),
        [['smtpSend', emailQueue]],
      );
      const converter = stack.env.client.workflow.options.loadedDataConverter;
      const local = await Promise.all(events.map((e) => localActivityAttempt(converter, e)));
      assert.deepEqual(
        local.filter((a) => a?.activityType === 'smtpSend'),
        [],
        'no local smtpSend',
      );
    } finally {
      await limited.close();
    }
  });
});
