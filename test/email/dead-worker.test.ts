// A worker process killed (SIGKILL) while its SMTP attempt waits for the server's answer. An attempt run as an
// activity (a retry, or every attempt with EMAIL_FIRST_ATTEMPT=activity): its heartbeats stop, the server notices
// within smtpSend's heartbeat timeout (20 s, not the 2-minute start-to-close) and a new worker process sends the
// mail, once, even though the send deadline is shorter. The local first attempt: its workflow task times out (10 s)
// and the new worker runs the workflow task again, attempt and all.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { type TestApi, startTestApi } from '../helpers/api';
import { TEST_EMAIL_CONFIG } from '../helpers/email-stack';
import { type RunningProcess, startWorkerProcess } from '../helpers/main-process';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp-sink';
import { connectTestEnv, uniqueTaskQueue } from '../helpers/temporal';
import { waitFor } from '../helpers/wait-for';

describe('an email whose worker dies mid-send', () => {
  const taskQueue = uniqueTaskQueue('dead-worker');
  const workers: RunningProcess[] = [];
  let env: TestWorkflowEnvironment;
  let sink: SmtpSink;
  /** The default: the first attempt local, retries as activities. */
  let api: TestApi;
  /** EMAIL_FIRST_ATTEMPT=activity: one smtpSend, retried by Temporal. */
  let activityApi: TestApi;

  /** The real process in role worker, on this test's task queue, sending to the sink. */
  const startWorker = async (): Promise<RunningProcess> => {
    const worker = await startWorkerProcess({ TEMPORAL_TASK_QUEUE: taskQueue, SMTP_URL: sink.url });
    workers.push(worker);
    return worker;
  };
  /** Sends through `via`, kills the worker once the sink has seen `attemptsBeforeKill` attempts, and waits on another. */
  const sendThroughAKill = async (via: TestApi, attemptsBeforeKill: number) => {
    const [first] = workers.filter((w) => w.child.exitCode === null && w.child.signalCode === null);
    const { body: accepted } = await via.request('POST', '/v1/emails', {
      to: ['ada@example.com'],
      subject: 'Survivor',
      text: 'x',
    });
    await waitFor(() => sink.attempts === attemptsBeforeKill, { timeoutMs: 30_000, what: 'the attempt to reach DATA' });
    first!.child.kill('SIGKILL');
    await first!.exited;
    await startWorker();
    // Bounded well below the 2-minute start-to-close, which alone would have noticed the loss without heartbeats.
    const job = await waitFor(
      async () => {
        const { body } = await via.request('GET', `/v1/jobs/${accepted.id}`);
        return body.closedAt !== null && body;
      },
      { timeoutMs: 75_000, intervalMs: 500, what: `job ${accepted.id} to close` },
    );
    assert.equal(job.status, 'succeeded', JSON.stringify(job.lastError));
    assert.equal(sink.messages.length, 1);
    assert.equal(sink.messages[0]!.parsed.messageId, `<${accepted.id}@afterward.localhost>`);
    return job;
  };

  before(async () => {
    env = await connectTestEnv();
    sink = await startSmtpSink();
    // A deadline shorter than the heartbeat timeout: the lost attempt must not fail the job.
    const email = {
      ...TEST_EMAIL_CONFIG,
      retry: { initialIntervalMs: 100, maximumIntervalMs: 400, deadlineMs: 5_000 },
    };
    api = await startTestApi(env.client, taskQueue, { email });
    activityApi = await startTestApi(env.client, taskQueue, { email: { ...email, firstAttempt: 'activity' } });
    await startWorker();
  });
  after(async () => {
    for (const worker of workers) {
      if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGINT');
      await worker.exited;
    }
    await api.close();
    await activityApi.close();
    await sink.close();
    await env.teardown();
  });

  it('retries an attempt lost as an activity after the heartbeat timeout, and sends the mail once', async () => {
    sink.reset();
    sink.replyNext(421, 'Try again later');
    sink.stallDataNext();
    const job = await sendThroughAKill(api, 2);
    assert.equal(job.attempts, 3, 'the 421, the lost attempt and the one that sent it');
    assert.equal(sink.attempts, 3);
  });

  it('runs a local first attempt lost with its worker again once its workflow task times out', async () => {
    sink.reset();
    sink.stallDataNext();
    const job = await sendThroughAKill(api, 1);
    // The lost local attempt left nothing in the history (a marker is written once an attempt has ended): the
    // job counts the attempt that sent the mail, the SMTP server saw both.
    assert.equal(job.attempts, 1);
    assert.equal(sink.attempts, 2);
  });

  it('with EMAIL_FIRST_ATTEMPT=activity, is sent exactly once by another worker after the heartbeat timeout', async () => {
    sink.reset();
    sink.stallDataNext();
    const job = await sendThroughAKill(activityApi, 1);
    assert.equal(job.attempts, 2);
    assert.equal(sink.attempts, 2);
  });
});
