import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { makeJobId } from '../../src/jobs/ids';
import { emailJob } from '../../src/kinds/email/email-job';
import { JOB_KIND, JOB_SCHEDULED_FOR } from '../../workflows/shared/search-attributes';
import { type EmailStack, startEmailStack, TEST_EMAIL_CONFIG } from '../helpers/email-stack';
import { waitFor } from '../helpers/wait-for';

describe('dead letters by job: listings and replays see each job once, as its latest run', () => {
  let stack: EmailStack;
  let stopWorker: () => Promise<void>;
  const email = (subject: string, tag: string) => ({ to: ['ada@example.com'], subject, text: 'x', tags: [tag] });
  const post = async (path: string, body?: unknown) => stack.api.request('POST', path, body);
  const statusOf = async (id: string, status: string) =>
    waitFor(async () => (await stack.api.request('GET', `/v1/jobs/${id}`)).body.status === status, {
      timeoutMs: 15_000,
      what: `job ${id} to be ${status}`,
    });
  const listed = async (query: string): Promise<[string, string][]> => {
    const answer = await stack.api.request('GET', `/v1/jobs?${query}&limit=100`);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    return answer.body.jobs.map((j: { id: string; status: string }) => [j.id, j.status]);
  };
  /** Waits until visibility holds `runs` closed runs of the job, so listings see every run. */
  const closedRuns = (id: string, runs: number) =>
    waitFor(
      async () =>
        (await stack.env.client.workflow.count(`WorkflowId = '${id}' AND ExecutionStatus != 'Running'`)).count === runs,
      { what: `${runs} closed runs of ${id}` },
    );
  /** A dry run of the window, then the replay it confirms. */
  const replay = async (since: string) => {
    const dry = await post('/v1/jobs/replay', { kind: 'email', since });
    assert.equal(dry.status, 200, JSON.stringify(dry.body));
    const done = await post('/v1/jobs/replay', {
      kind: 'email',
      since,
      until: dry.body.until,
      dryRun: false,
      confirm: dry.body.confirm,
    });
    assert.equal(done.status, 202, JSON.stringify(done.body));
    return { planned: dry.body.jobs as string[], started: (done.body.jobs as { id: string }[]).map((j) => j.id) };
  };

  before(async () => {
    stack = await startEmailStack('dead-letters');
    stopWorker = (await stack.startWorker()).stop;
  });
  after(async () => {
    await stopWorker();
    await stack.close();
  });

  it('lists a job retried until it succeeded once, as succeeded, and no longer under failed', async () => {
    stack.sink.replyNext(550, 'Mailbox full');
    const { id } = (await post('/v1/emails', email('Retried', 'retried'))).body;
    await statusOf(id, 'failed');
    assert.equal((await post(`/v1/jobs/${id}/retry`)).status, 202);
    await statusOf(id, 'succeeded');
    await closedRuns(id, 2);

    assert.deepEqual(await listed('tag=retried'), [[id, 'succeeded']]);
    assert.deepEqual(await listed('tag=retried&status=failed'), []);
    assert.deepEqual(await listed('tag=retried&status=succeeded'), [[id, 'succeeded']]);
  });

  it('lists a job replayed twice and failed every time once under failed, and plans it once', async () => {
    const since = new Date().toISOString();
    stack.sink.replyNext(550, 'Mailbox full', 3);
    const { id } = (await post('/v1/emails', email('Failing', 'failing'))).body;
    await statusOf(id, 'failed');
    for (let round = 1; round <= 2; round++) {
      await closedRuns(id, round);
      assert.deepEqual(await replay(since), { planned: [id], started: [id] }, `replay ${round}`);
      await waitFor(
        async () =>
          (await stack.env.client.workflow.count(`WorkflowId = '${id}' AND ExecutionStatus = 'Failed'`)).count ===
          round + 1,
        { what: `run ${round + 1} to fail` },
      );
    }
    assert.deepEqual(await listed('tag=failing&status=failed'), [[id, 'failed']]);
    assert.deepEqual(await listed('tag=failing'), [[id, 'failed']]);
  });

  it('replays timed-out jobs as well as failed ones, and none of them again once they have run again', async () => {
    const since = new Date().toISOString();
    stack.sink.replyNext(550, 'Mailbox full');
    const failed = (await post('/v1/emails', email('Bounced', 'replay'))).body.id as string;
    // The API sets no run timeout; a job started with one is what a timed-out job looks like.
    const timedOut = makeJobId('email');
    const sendAt = new Date(Date.now() + 3_600_000);
    const job = emailJob(email('Timed out', 'replay'), TEST_EMAIL_CONFIG, {
      taskQueue: stack.taskQueue,
      jobId: timedOut,
      sendAt,
    });
    await stack.env.client.workflow.start('sendEmail', {
      taskQueue: stack.taskQueue,
      workflowId: timedOut,
      args: [job.input],
      workflowExecutionTimeout: '1 second',
      typedSearchAttributes: [
        { key: JOB_KIND, value: 'email' },
        { key: JOB_SCHEDULED_FOR, value: sendAt },
      ],
      memo: { input: job.summary },
    });
    await statusOf(failed, 'failed');
    await statusOf(timedOut, 'timed_out');
    await waitFor(async () => (await listed('kind=email&status=timed_out')).some(([id]) => id === timedOut), {
      what: 'the timed-out job in visibility',
    });

    const { planned, started } = await replay(since);
    assert.deepEqual(planned, [failed, timedOut].sort());
    assert.deepEqual(started.sort(), [failed, timedOut].sort());
    await statusOf(failed, 'succeeded');
    // Its retry keeps the input, so it waits for the same sendAt: send it now.
    await statusOf(timedOut, 'scheduled');
    assert.equal((await post(`/v1/jobs/${timedOut}/signals/sendNow`)).status, 200);
    await statusOf(timedOut, 'succeeded');
    assert.deepEqual(
      stack.sink.messages
        .map((m) => m.parsed.subject)
        .filter((s) => s === 'Bounced' || s === 'Timed out')
        .sort(),
      ['Bounced', 'Timed out'],
    );
    assert.deepEqual((await replay(since)).planned, []);
  });
});
