import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { type EmailStack, startEmailStack } from '../helpers/email-stack';
import { waitFor } from '../helpers/wait-for';
import { emailJob, scheduleTracker, triggeredOnly, uniqueScheduleId, waitForRuns } from './schedule-helpers';

describe('schedules start jobs', () => {
  let stack: EmailStack;
  let stopWorker: () => Promise<void>;
  let schedules: ReturnType<typeof scheduleTracker>;

  before(async () => {
    stack = await startEmailStack('sched-runs');
    stopWorker = (await stack.startWorker()).stop;
    schedules = scheduleTracker(stack.api);
  });
  afterEach(() => schedules.deleteAll());
  after(async () => {
    await stopWorker();
    await stack.close();
  });

  it('runs an every-2s schedule at least twice within about 5 s, each run a job with its own Message-ID', async () => {
    const id = uniqueScheduleId('every2s');
    const created = await schedules.create({ id, every: '2s', job: emailJob({ tags: [id] }) });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.headers.get('location'), `http://api.test/v1/schedules/${id}`);

    // Two fires are due within 4 s; the margin over 5 s covers a loaded machine, and is still bounded.
    const view = await waitForRuns(stack.api, id, 2, 8_000);
    const runs = view.recentRuns.slice(0, 2);
    for (const run of runs) {
      assert.match(
        run.jobId,
        new RegExp(`^email-sched-${id}-\\d{4}-\\d\\d-\\d\\dT`),
        'job ids keep the <kind>- prefix',
      );
      assert.equal(run.links.job, `http://api.test/v1/jobs/${encodeURIComponent(run.jobId)}`);
      const job = await waitFor(
        async () => {
          const r = await stack.api.request('GET', `/v1/jobs/${run.jobId}`);
          return r.body.status === 'succeeded' && r.body;
        },
        { timeoutMs: 10_000, what: `job ${run.jobId} to succeed` },
      );
      assert.equal(job.kind, 'email');
      assert.deepEqual(job.input, { recipients: 1, subject: 'Digest', attachments: 0 });
      assert.match(job.result.messageId, /^<email-sched-[A-Za-z0-9_-]+@afterward\.localhost>$/);
    }
    const [first, second] = await Promise.all(
      runs.map(async (run: any) => (await stack.api.request('GET', `/v1/jobs/${run.jobId}`)).body.result.messageId),
    );
    assert.notEqual(first, second, 'each run has its own Message-ID');

    const listed = await waitFor(
      async () => {
        const r = await stack.api.request('GET', `/v1/jobs?kind=email&tag=${id}`);
        return r.status === 200 && r.body.jobs.length >= 2 && r.body.jobs;
      },
      { what: 'the runs in GET /v1/jobs' },
    );
    for (const run of runs)
      assert.ok(
        listed.some((job: any) => job.id === run.jobId),
        `${run.jobId} is listed as a job`,
      );
  });

  it('stops starting runs while paused and starts again once unpaused', async () => {
    const id = uniqueScheduleId('pause');
    await schedules.create({ id, every: '1s', job: emailJob() });
    await waitForRuns(stack.api, id, 1, 6_000);

    const paused = await stack.api.request('POST', `/v1/schedules/${id}/pause`, { note: 'maintenance window' });
    assert.equal(paused.status, 200);
    assert.equal(paused.body.paused, true);
    assert.equal(paused.body.note, 'maintenance window');
    const taken = paused.body.fires.taken;
    // A twin on the same spec, not paused, is the clock: by its second run, two fires have passed.
    const twin = uniqueScheduleId('pause-twin');
    await schedules.create({ id: twin, every: '1s', job: emailJob() });
    await waitForRuns(stack.api, twin, 2, 8_000);
    const still = await stack.api.request('GET', `/v1/schedules/${id}`);
    assert.equal(still.body.fires.taken, taken, 'no run while paused');

    const unpaused = await stack.api.request('POST', `/v1/schedules/${id}/unpause`, { note: 'back' });
    assert.equal(unpaused.body.paused, false);
    await waitFor(async () => (await stack.api.request('GET', `/v1/schedules/${id}`)).body.fires.taken > taken, {
      timeoutMs: 6_000,
      what: 'a run after unpause',
    });
  });

  it('starts a run at once on trigger, even when the next fire is a year away', async () => {
    const id = uniqueScheduleId('trigger');
    const created = await schedules.create({ id, ...triggeredOnly(), job: emailJob() });
    assert.deepEqual(created.body.recentRuns, []);
    const triggered = await stack.api.request('POST', `/v1/schedules/${id}/trigger`);
    assert.equal(triggered.status, 202);
    const view = await waitForRuns(stack.api, id, 1, 3_000);
    const job = await stack.api.request('GET', `/v1/jobs/${view.recentRuns[0].jobId}`);
    assert.equal(job.status, 200);
    assert.equal(job.body.kind, 'email');
  });

  it('backfills the runs a schedule would have started in a past window', async () => {
    const id = uniqueScheduleId('backfill');
    await schedules.create({ id, cron: '0 9 * * *', job: emailJob() });
    const r = await stack.api.request('POST', `/v1/schedules/${id}/backfill`, {
      from: '2026-01-01T00:00:00Z',
      to: '2026-01-03T23:00:00Z',
      overlap: 'allow_all',
    });
    assert.equal(r.status, 202, JSON.stringify(r.body));
    const view = await waitForRuns(stack.api, id, 3, 10_000);
    assert.deepEqual(view.recentRuns.map((run: any) => run.scheduledAt).sort(), [
      '2026-01-01T09:00:00.000Z',
      '2026-01-02T09:00:00.000Z',
      '2026-01-03T09:00:00.000Z',
    ]);
  });
});
