import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createEmailActivities } from '../../activities/email';
import { createMailTransport } from '../../activities/mail-transport';
import { JOB_KIND } from '../../workflows/shared/search-attributes';
import { useApiEnv } from '../helpers/api-env';
import { startSilentServer } from '../helpers/smtp-sink';
import { createTestWorker } from '../helpers/temporal';
import { waitFor } from '../helpers/wait-for';

// scheduled, retrying, succeeded, failed, cancelled and terminated are asserted where those features
// are tested (test/email, test/jobs/job-control); these are the states that need a stalled world.
describe('job statuses that need a stalled world', () => {
  const stack = useApiEnv('statuses');
  const { taskQueue } = stack;
  const statusOf = async (id: string) => (await stack.api.request('GET', `/v1/jobs/${id}`)).body;

  it('says queued while no worker has picked the job up', async () => {
    const { body } = await stack.api.request('POST', '/v1/emails', {
      to: ['ada@example.com'],
      subject: 'Queued',
      text: 'x',
    });
    assert.equal((await statusOf(body.id)).status, 'queued');
    await stack.env.client.workflow.getHandle(body.id).terminate('test cleanup');
  });

  it('says running, on attempt 1 with no error, while the first attempt is under way', async () => {
    const silent = await startSilentServer();
    const transport = createMailTransport({
      url: silent.url,
      pool: { maxConnections: 1, maxMessages: 1 },
      timeouts: { connectionMs: 1000, greetingMs: 4000, socketMs: 4000 },
    });
    const worker = await createTestWorker(stack.env, {
      taskQueue,
      activities: createEmailActivities({ transport, defaultFrom: 'a@example.com' }),
    });
    try {
      await worker.runUntil(async () => {
        const { body } = await stack.api.request('POST', '/v1/emails', {
          to: ['ada@example.com'],
          subject: 'Slow server',
          text: 'x',
        });
        const job = await waitFor(
          async () => {
            const j = await statusOf(body.id);
            return j.status === 'running' && j.attempts === 1 && j;
          },
          { what: 'the running status on the first attempt' },
        );
        assert.equal(job.lastError, null);
        await stack.env.client.workflow.getHandle(body.id).terminate('test cleanup');
      });
    } finally {
      transport.close();
      await silent.close();
    }
  });

  it('says timed_out when the job outlives its execution timeout', async () => {
    const id = `ping-timeout-${taskQueue}`;
    await stack.env.client.workflow.start('ping', {
      taskQueue,
      workflowId: id,
      args: [{ message: 'late' }],
      workflowExecutionTimeout: '1s',
      typedSearchAttributes: [{ key: JOB_KIND, value: 'ping' }],
    });
    const job = await waitFor(
      async () => {
        const j = await statusOf(id);
        return j.status === 'timed_out' && j;
      },
      { what: 'the timed_out status' },
    );
    assert.equal(job.kind, 'ping');
    assert.ok(job.closedAt);
  });
});
