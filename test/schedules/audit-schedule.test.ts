import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { recordAuditEvent } from '../../workflows/record-audit-event';
import { type AuditStack, startAuditStack } from '../helpers/audit-stack';
import { waitFor } from '../helpers/wait-for';
import {
  dueTimeOf,
  scheduleTracker,
  triggerRun,
  triggeredOnly,
  uniqueScheduleId,
  waitForRuns,
} from './schedule-helpers';

describe('audit schedules', () => {
  let stack: AuditStack;
  let schedules: ReturnType<typeof scheduleTracker>;
  const job = (action: string, input: Record<string, unknown> = {}) => ({
    kind: 'audit',
    input: { actor: 'afterward:scheduler', action, resource: 'retention:nightly', detail: { policy: '90d' }, ...input },
  });
  const eventsOf = async (action: string) => (await stack.store.audit.list({ action })).events;
  const succeeded = (jobId: string) =>
    waitFor(
      async () => {
        const r = await stack.api.request('GET', `/v1/jobs/${jobId}`);
        return r.body.status === 'succeeded' && r.body;
      },
      { timeoutMs: 15_000, what: `job ${jobId} to succeed` },
    );

  before(async () => {
    stack = await startAuditStack('sched-audit', 'SQLite');
    schedules = scheduleTracker(stack.api);
  });
  afterEach(() => schedules.deleteAll());
  after(() => stack.close());

  it('records one event per run, named by the run and at the time it was due', async () => {
    const id = uniqueScheduleId('audit-nightly');
    const action = `retention.checked.${id}`;
    assert.equal((await schedules.create({ id, cron: '0 3 * * *', job: job(action) })).status, 201);
    assert.equal(
      (
        await stack.api.request('POST', `/v1/schedules/${id}/backfill`, {
          from: '2026-01-01T00:00:00Z',
          to: '2026-01-02T23:00:00Z',
          overlap: 'allow_all',
        })
      ).status,
      202,
    );
    const runs = (await waitForRuns(stack.api, id, 2, 10_000)).recentRuns.map((run: any) => run.jobId).sort();
    const jobs = await Promise.all(runs.map(succeeded));
    assert.deepEqual(
      jobs.map((j) => [j.kind, j.input, j.result]),
      [
        [
          'audit',
          { action, resource: 'retention:nightly' },
          { id: runs[0], at: '2026-01-01T03:00:00.000Z', recorded: true },
        ],
        [
          'audit',
          { action, resource: 'retention:nightly' },
          { id: runs[1], at: '2026-01-02T03:00:00.000Z', recorded: true },
        ],
      ],
    );
    const events = await eventsOf(action);
    assert.deepEqual(events.map((e) => [e.id, e.at, e.actor, e.resource, e.detail]).sort(), [
      [runs[0], '2026-01-01T03:00:00.000Z', 'afterward:scheduler', 'retention:nightly', { policy: '90d' }],
      [runs[1], '2026-01-02T03:00:00.000Z', 'afterward:scheduler', 'retention:nightly', { policy: '90d' }],
    ]);
  });

  it('records nothing twice when the same run starts again, as a retry of the job does', async () => {
    const id = uniqueScheduleId('audit-again');
    const action = `report.generated.${id}`;
    await schedules.create({ id, ...triggeredOnly(), job: job(action) });
    const run = await triggerRun(stack.api, id);
    assert.deepEqual((await succeeded(run.jobId)).result, { id: run.jobId, at: dueTimeOf(run.jobId), recorded: true });

    const { action: scheduled } = await stack.env.client.schedule.getHandle(id).describe();
    const firstRun = await stack.env.client.workflow.getHandle(run.jobId).describe();
    const again = await stack.env.client.workflow.execute(recordAuditEvent, {
      workflowId: run.jobId,
      taskQueue: stack.taskQueue,
      args: scheduled.args as Parameters<typeof recordAuditEvent>,
      typedSearchAttributes: firstRun.typedSearchAttributes,
    });
    assert.deepEqual(again, { id: run.jobId, at: dueTimeOf(run.jobId), recorded: false });
    assert.deepEqual(
      (await eventsOf(action)).map((e) => e.id),
      [run.jobId],
    );
  });

  it('refuses an id or a time with 400 naming the field: each run decides them', async () => {
    const r = await stack.api.request('POST', '/v1/schedules', {
      id: uniqueScheduleId('audit-bad'),
      every: '1h',
      job: job('x.y', { id: 'fixed', at: '2030-01-01T00:00:00Z' }),
    });
    assert.equal(r.status, 400);
    assert.deepEqual(r.body.errors.map((e: any) => e.field).sort(), ['job.input.at', 'job.input.id']);
  });
});
