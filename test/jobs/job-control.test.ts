import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type EmailStack, startEmailStack } from '../helpers/email-stack';
import { waitFor } from '../helpers/wait-for';

describe('steering jobs', () => {
  let stack: EmailStack;
  let stopWorker: () => Promise<void>;
  const email = (subject: string, extra: object = {}) => ({ to: ['ada@example.com'], subject, text: 'x', ...extra });
  const post = async (path: string, body?: unknown) => stack.api.request('POST', path, body);
  const statusOf = async (id: string, status: string) =>
    waitFor(
      async () => {
        const { body } = await stack.api.request('GET', `/v1/jobs/${id}`);
        return body.status === status && body;
      },
      { timeoutMs: 15_000, what: `job ${id} to be ${status}` },
    );

  before(async () => {
    stack = await startEmailStack('control');
    stopWorker = (await stack.startWorker()).stop;
  });
  after(async () => {
    await stopWorker();
    await stack.close();
  });

  it('signals a waiting job, and refuses unknown signals, unknown jobs and closed jobs', async () => {
    const { body: job } = await post('/v1/emails', email('Later', { delay: '1h' }));
    const moved = await post(`/v1/jobs/${job.id}/signals/reschedule`, { delay: '2h' });
    assert.equal(moved.status, 200);
    assert.equal(moved.body.result.phase, 'waiting');
    assert.ok(Math.abs(Date.parse(moved.body.result.sendAt) - (Date.now() + 2 * 3600_000)) < 5000);

    const unknown = await post(`/v1/jobs/${job.id}/signals/explode`, {});
    assert.equal(unknown.status, 400);
    assert.deepEqual(unknown.body.validSignals, ['reschedule', 'sendNow']);
    const badBody = await post(`/v1/jobs/${job.id}/signals/reschedule`, { delay: 'whenever' });
    assert.equal(badBody.status, 400);
    assert.equal(badBody.body.errors[0].field, 'delay');
    assert.equal((await post('/v1/jobs/email-00000000000000000000000000/signals/sendNow')).status, 404);

    assert.equal((await post(`/v1/jobs/${job.id}/signals/sendNow`)).status, 200);
    await statusOf(job.id, 'succeeded');
    const closed = await post(`/v1/jobs/${job.id}/signals/sendNow`);
    assert.equal(closed.status, 409);
  });

  it('terminates a running job, and refuses to terminate or cancel it again', async () => {
    const { body: job } = await post('/v1/emails', email('Doomed', { delay: '1h' }));
    const terminated = await post(`/v1/jobs/${job.id}/terminate`, { reason: 'operator decision' });
    assert.equal(terminated.status, 202);
    assert.equal(terminated.body.status, 'terminated');
    assert.equal((await post(`/v1/jobs/${job.id}/terminate`, {})).status, 409);
    assert.equal((await post(`/v1/jobs/${job.id}/cancel`)).status, 409);
    assert.equal((await post('/v1/jobs/email-00000000000000000000000000/cancel')).status, 404);
  });

  it('retries a failed job as a new run of the same job, with the same input, linking the runs', async () => {
    stack.sink.replyNext(550, 'Mailbox full');
    const { body: job } = await post('/v1/emails', email('Retry me'));
    const failed = await statusOf(job.id, 'failed');
    const failedRun = failed.links.temporalUi.split('/').at(-2);
    const retried = await post(`/v1/jobs/${job.id}/retry`);
    assert.equal(retried.status, 202);
    assert.equal(retried.body.id, job.id, 'the job keeps its id, and with it its Message-ID');
    assert.equal(retried.body.retryOf, failedRun);
    const done = await statusOf(job.id, 'succeeded');
    assert.equal(done.result.messageId, `<${job.id}@afterward.localhost>`);
    assert.deepEqual(
      done.previousRuns.map((r: any) => [r.runId, r.status]),
      [[failedRun, 'failed']],
    );
    assert.equal((await post(`/v1/jobs/${job.id}/retry`)).status, 409, 'a succeeded job is not retried');
    assert.equal(stack.sink.messages.filter((m) => m.parsed.subject === 'Retry me').length, 1);
  });

  it('replays the failed jobs of a window after a dry run, and refuses a wrong or stale token', async () => {
    const since = new Date().toISOString();
    stack.sink.replyNext(554, 'Rejected for policy reasons', 3);
    const failed: string[] = [];
    for (let i = 0; i < 3; i++) failed.push((await post('/v1/emails', email(`Replay ${i}`))).body.id);
    for (const id of failed) await statusOf(id, 'failed');

    const dry = await waitFor(
      async () => {
        const r = await post('/v1/jobs/replay', { kind: 'email', since });
        return r.body.count === 3 && r;
      },
      { what: 'the dry run to list three jobs' },
    );
    assert.equal(dry.status, 200);
    assert.deepEqual(dry.body.jobs, [...failed].sort());
    assert.equal(dry.body.dryRun, true);

    const wrong = await post('/v1/jobs/replay', {
      kind: 'email',
      since,
      until: dry.body.until,
      dryRun: false,
      confirm: 'A'.repeat(24),
    });
    assert.equal(wrong.status, 409);
    assert.equal(
      (await post('/v1/jobs/replay', { kind: 'email', since, dryRun: false })).status,
      400,
      'no token, no replay',
    );

    const replayed = await post('/v1/jobs/replay', {
      kind: 'email',
      since,
      until: dry.body.until,
      dryRun: false,
      confirm: dry.body.confirm,
    });
    assert.equal(replayed.status, 202);
    assert.equal(replayed.body.started, 3);
    assert.deepEqual(replayed.body.jobs.map((j: any) => j.id).sort(), [...failed].sort());
    for (const j of replayed.body.jobs) await statusOf(j.id, 'succeeded');

    const stale = await post('/v1/jobs/replay', {
      kind: 'email',
      since,
      until: dry.body.until,
      dryRun: false,
      confirm: dry.body.confirm,
    });
    assert.equal(stale.status, 409, 'the window has no unreplayed failures left, so the old token no longer matches');
    assert.equal((await post('/v1/jobs/replay', { kind: 'email', since, until: dry.body.until })).body.count, 0);
  });
});
