import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { optionalTsToMs } from '@temporalio/common/lib/time';
import { type EmailStack, startEmailStack, TEST_EMAIL_CONFIG } from '../helpers/email-stack';
import { waitFor } from '../helpers/wait-for';

// An email job that retries through Temporal's activity retry policy (EMAIL_FIRST_ATTEMPT=activity, and every job
// of a rate-limited email kind): between attempts the send is a pending activity waiting out its backoff, and
// describe says when the next attempt is due. The default path's retries: test/email/round-trips.test.ts.
describe('the retrying status of an email job between attempts', () => {
  const RETRY_MS = 2000;
  let stack: EmailStack;
  let stopWorker: () => Promise<void>;

  before(async () => {
    // A fixed 2 s between attempts: long enough to be seen waiting.
    stack = await startEmailStack('statuses-email', {
      ...TEST_EMAIL_CONFIG,
      firstAttempt: 'activity',
      retry: { initialIntervalMs: RETRY_MS, maximumIntervalMs: RETRY_MS, deadlineMs: 60_000 },
    });
    stopWorker = (await stack.startWorker()).stop;
  });
  after(async () => {
    await stopWorker();
    await stack.close();
  });

  it('reads retrying with nextAttemptAt after the last attempt while it waits, and without it once sent', async () => {
    stack.sink.replyNext(451, 'Try again later', 2);
    const accepted = await stack.api.request('POST', '/v1/emails', {
      to: ['ada@example.com'],
      subject: 'Greylisted',
      text: 'x',
    });
    assert.equal(accepted.status, 202, JSON.stringify(accepted.body));
    const id: string = accepted.body.id;

    // The job as the API shows it, and the pending send as Temporal describes it, in the same backoff.
    const { job, lastAttemptAt, nextAttemptAt } = await waitFor(
      async () => {
        const job = (await stack.api.request('GET', `/v1/jobs/${id}`)).body;
        if (job.status !== 'retrying' || !job.nextAttemptAt) return false;
        const [send] = (await stack.env.client.workflow.getHandle(id).describe()).raw.pendingActivities ?? [];
        const nextAttemptAt = optionalTsToMs(send?.nextAttemptScheduleTime);
        const lastAttemptAt = optionalTsToMs(send?.lastAttemptCompleteTime);
        return (
          nextAttemptAt === Date.parse(job.nextAttemptAt) &&
          lastAttemptAt !== undefined && { job, lastAttemptAt, nextAttemptAt }
        );
      },
      { timeoutMs: 15_000, intervalMs: 50, what: `job ${id} to read retrying with nextAttemptAt` },
    );
    assert.equal(job.closedAt, null);
    assert.ok(job.attempts >= 1, `attempts ${job.attempts}`);
    assert.equal(job.lastError.code, 451);
    assert.equal(job.lastError.nonRetryable, false);
    const dueIn = nextAttemptAt - lastAttemptAt;
    assert.ok(
      dueIn >= RETRY_MS * 0.75 && dueIn <= RETRY_MS * 1.25,
      `next attempt due ${dueIn} ms after the last one ended`,
    );

    const done = await waitFor(
      async () => {
        const j = (await stack.api.request('GET', `/v1/jobs/${id}`)).body;
        return j.status === 'succeeded' && j;
      },
      { timeoutMs: 20_000, what: `job ${id} to succeed` },
    );
    assert.equal(done.nextAttemptAt, undefined);
    assert.equal(done.attempts, 3);
    assert.equal(stack.sink.messages.length, 1);
  });
});
