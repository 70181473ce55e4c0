import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { type EmailStack, startEmailStack } from './helpers/email-stack';
import { runRunbookLine } from './helpers/runbook';
import { testEnv } from './helpers/test-env';
import { waitFor } from './helpers/wait-for';

const run = promisify(execFile);

describe('the temporal CLI runbook in the README', () => {
  let stack: EmailStack;
  let stopWorker: () => Promise<void>;
  let jobId: string;
  const scheduleId = `runbook-${Date.now()}`;

  const runLine = (pattern: RegExp, job = jobId): Promise<string> =>
    runRunbookLine(pattern, { '<job id>': job, '<schedule id>': scheduleId });
  /** The CLI with other arguments than the README's, against the test server. */
  const temporalCli = (...args: string[]) =>
    run(testEnv('AFTERWARD_TEST_TEMPORAL_CLI'), [...args, '--address', testEnv('AFTERWARD_TEST_TEMPORAL_ADDRESS')], {
      timeout: 30_000,
    });
  const job = async (id: string) => (await stack.api.request('GET', `/v1/jobs/${id}`)).body;

  before(async () => {
    stack = await startEmailStack('runbook');
    stopWorker = (await stack.startWorker()).stop;
    jobId = (
      await stack.api.request('POST', '/v1/emails', {
        to: ['ada@example.com'],
        subject: 'Runbook',
        text: 'x',
        delay: '1h',
      })
    ).body.id;
    await stack.env.client.schedule.create({
      scheduleId,
      spec: { intervals: [{ every: '1h' }] },
      action: {
        type: 'startWorkflow',
        workflowType: 'ping',
        taskQueue: stack.taskQueue,
        args: [{ message: 'runbook' }],
      },
      state: { paused: true },
    });
  });
  after(async () => {
    await stack.env.client.schedule.getHandle(scheduleId).delete();
    await stopWorker();
    await stack.close();
  });

  it('lists jobs of a kind, shows one, signals it, cancels it, and lists schedules', async () => {
    const listed = await waitFor(
      async () => {
        const out = await runLine(/workflow list --query "JobKind = 'email'"/);
        return out.includes(jobId) && out;
      },
      { what: 'the job in `temporal workflow list`' },
    );
    assert.match(listed, new RegExp(`Running\\s+${jobId}\\s+sendEmail`));

    const described = await runLine(/workflow describe/);
    assert.match(described, new RegExp(jobId));
    assert.match(described, /Type\s+sendEmail/);
    assert.match(described, /JobKind/);

    const shown = await runLine(/workflow show/);
    assert.match(shown, /WorkflowExecutionStarted/);
    assert.match(shown, /TimerStarted/);

    const signalled = await runLine(/update execute .* --name reschedule/);
    assert.match(signalled, /2031-01-01T09:00:00.000Z/);
    assert.equal((await stack.api.request('GET', `/v1/jobs/${jobId}`)).body.scheduledFor, '2031-01-01T09:00:00.000Z');

    await runLine(/workflow cancel/);
    await waitFor(async () => (await stack.api.request('GET', `/v1/jobs/${jobId}`)).body.status === 'cancelled', {
      what: 'the job to be cancelled',
    });
    assert.equal(stack.sink.messages.length, 0);

    assert.match(await runLine(/schedule list/), new RegExp(scheduleId));
    assert.match(await runLine(/schedule describe/), new RegExp(scheduleId));
    await runLine(/schedule toggle/);
    assert.equal((await stack.env.client.schedule.getHandle(scheduleId).describe()).state.note, 'maintenance');
  });

  it('signals a waiting email: reschedule moves it, a bad signal is kept on the job and changes nothing, sendNow sends it', async () => {
    const { body: waiting } = await stack.api.request('POST', '/v1/emails', {
      to: ['grace@example.com'],
      subject: 'Signalled',
      text: 'x',
      delay: '1h',
    });
    await waitFor(async () => (await job(waiting.id)).status === 'scheduled', { what: 'the email to wait' });

    await runLine(/workflow signal .* --name reschedule/, waiting.id);
    await waitFor(async () => (await job(waiting.id)).scheduledFor === '2031-02-01T09:00:00.000Z', {
      what: 'the signalled time on the job',
    });

    await temporalCli(
      'workflow',
      'signal',
      '--workflow-id',
      waiting.id,
      '--name',
      'reschedule',
      '--input',
      '{"sendAt":"next tuesday"}',
    );
    await temporalCli('workflow', 'signal', '--workflow-id', waiting.id, '--name', 'sendLater');
    const refused = await waitFor(
      async () => {
        const j = await job(waiting.id);
        return j.rejectedSignals?.length === 2 && j;
      },
      { what: 'the refused signals on the job' },
    );
    assert.deepEqual(
      refused.rejectedSignals.map((r: any) => r.name),
      ['reschedule', 'sendLater'],
    );
    assert.match(refused.rejectedSignals[0].reason, /sendAt "next tuesday" is not an ISO time/);
    assert.match(refused.rejectedSignals[1].reason, /unknown signal "sendLater"/);
    assert.equal(refused.scheduledFor, '2031-02-01T09:00:00.000Z');
    assert.equal(refused.status, 'scheduled');
    assert.equal(stack.sink.messages.length, 0);

    await runLine(/workflow signal .* --name sendNow/, waiting.id);
    const [sent] = await stack.sink.waitForMessages(1, 10_000);
    assert.equal(sent!.parsed.messageId, `<${waiting.id}@afterward.localhost>`);
    const done = await waitFor(
      async () => {
        const j = await job(waiting.id);
        return j.status === 'succeeded' && j;
      },
      { what: 'the email job to succeed' },
    );
    assert.equal(done.scheduledFor, null);
  });
});
