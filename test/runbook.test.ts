import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { type EmailStack, startEmailStack } from './helpers/email-stack';
import { testEnv } from './helpers/test-env';
import { waitFor } from './helpers/wait-for';

const run = promisify(execFile);
const README = fs.readFileSync(path.resolve(__dirname, '..', 'README.md'), 'utf8');
const runbook = README.split('## `temporal` CLI runbook')[1]!.split('```sh\n')[1]!.split('```')[0]!.trim().split('\n');

describe('the temporal CLI runbook in the README', () => {
  let stack: EmailStack;
  let stopWorker: () => Promise<void>;
  let jobId: string;
  const scheduleId = `runbook-${Date.now()}`;

  /** Runs one README line as written, with the placeholders filled in and the test server's address added. */
  const runLine = async (pattern: RegExp): Promise<string> => {
    const line = runbook.find((l) => pattern.test(l));
    assert.ok(line, `the runbook has a line matching ${pattern}`);
    const command = line.replace(/\s+#.*$/, '').replace(/<job id>/g, jobId).replace(/<schedule id>/g, scheduleId).replace(/^temporal /, `'${testEnv('AFTERWARD_TEST_TEMPORAL_CLI')}' `);
    const { stdout } = await run('bash', ['-c', `${command} --address ${testEnv('AFTERWARD_TEST_TEMPORAL_ADDRESS')}`], { timeout: 30_000 });
    return stdout;
  };

  before(async () => {
    stack = await startEmailStack('runbook');
    stopWorker = (await stack.startWorker()).stop;
    jobId = (await stack.api.request('POST', '/v1/emails', { to: ['ada@example.com'], subject: 'Runbook', text: 'x', delay: '1h' })).body.id;
    await stack.env.client.schedule.create({
      scheduleId,
      spec: { intervals: [{ every: '1h' }] },
      action: { type: 'startWorkflow', workflowType: 'ping', taskQueue: stack.taskQueue, args: [{ message: 'runbook' }] },
      state: { paused: true },
    });
  });
  after(async () => {
    await stack.env.client.schedule.getHandle(scheduleId).delete();
    await stopWorker();
    await stack.close();
  });

  it('lists jobs of a kind, shows one, signals it, cancels it, and lists schedules', async () => {
    const listed = await waitFor(async () => {
      const out = await runLine(/workflow list --query "JobKind = 'email'"/);
      return out.includes(jobId) && out;
    }, { what: 'the job in `temporal workflow list`' });
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
    await waitFor(async () => (await stack.api.request('GET', `/v1/jobs/${jobId}`)).body.status === 'cancelled', { what: 'the job to be cancelled' });
    assert.equal(stack.sink.messages.length, 0);

    assert.match(await runLine(/schedule list/), new RegExp(scheduleId));
    assert.match(await runLine(/schedule describe/), new RegExp(scheduleId));
    await runLine(/schedule toggle/);
    assert.equal((await stack.env.client.schedule.getHandle(scheduleId).describe()).state.note, 'maintenance');
  });
});
