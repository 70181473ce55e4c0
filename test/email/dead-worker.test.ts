// A worker process killed (SIGKILL) while its SMTP attempt waits for the server's answer: the attempt's
// heartbeats stop, the server notices within smtpSend's heartbeat timeout (20 s, not the 2-minute
// start-to-close) and a new worker process sends the mail, once, even though the send deadline is shorter.
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
  let api: TestApi;

  /** The real process in role worker, on this test's task queue, sending to the sink. */
  const startWorker = async (): Promise<RunningProcess> => {
    const worker = await startWorkerProcess({ TEMPORAL_TASK_QUEUE: taskQueue, SMTP_URL: sink.url });
    workers.push(worker);
    return worker;
  };

  before(async () => {
    env = await connectTestEnv();
    sink = await startSmtpSink();
    // A deadline shorter than the heartbeat timeout: the lost attempt must not fail the job.
    api = await startTestApi(env.client, taskQueue, {
      email: { ...TEST_EMAIL_CONFIG, retry: { initialIntervalMs: 100, maximumIntervalMs: 400, deadlineMs: 5_000 } },
    });
  });
  after(async () => {
    for (const worker of workers) {
      if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGINT');
      await worker.exited;
    }
    await api.close();
    await sink.close();
    await env.teardown();
  });

  it('is sent exactly once by another worker after the heartbeat timeout, and the job succeeds', async () => {
    sink.stallDataNext();
    const first = await startWorker();
    const { body: accepted } = await api.request('POST', '/v1/emails', {
      to: ['ada@example.com'],
      subject: 'Survivor',
      text: 'x',
    });
    await waitFor(() => sink.attempts === 1, { timeoutMs: 30_000, what: 'the first attempt to reach DATA' });
    first.child.kill('SIGKILL');
    await first.exited;

    await startWorker();
    // Bounded well below the 2-minute start-to-close, which alone would have noticed the loss without heartbeats.
    const job = await waitFor(
      async () => {
        const { body } = await api.request('GET', `/v1/jobs/${accepted.id}`);
        return body.closedAt !== null && body;
      },
      { timeoutMs: 75_000, intervalMs: 500, what: `job ${accepted.id} to close` },
    );
    assert.equal(job.status, 'succeeded', JSON.stringify(job.lastError));
    assert.equal(job.attempts, 2);
    assert.equal(sink.attempts, 2);
    assert.equal(sink.messages.length, 1);
    assert.equal(sink.messages[0]!.parsed.messageId, `<${accepted.id}@afterward.localhost>`);
  });
});
