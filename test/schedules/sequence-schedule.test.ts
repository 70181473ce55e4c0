import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { createPingActivities } from '../../activities/ping';
import { reply } from '../activities/webhooks/receiver';
import { type WebhookStack, startWebhookStack } from '../helpers/webhook-stack';
import { dueTimeOf, scheduleTracker, triggerRun, triggeredOnly, uniqueScheduleId } from './schedule-helpers';

describe('sequence schedules', () => {
  let stack: WebhookStack;
  let schedules: ReturnType<typeof scheduleTracker>;
  let endpointId: string;
  const audit = (action: string, input: Record<string, unknown> = {}) => ({
    type: 'audit',
    input: { actor: 'afterward:scheduler', action, resource: 'digest:weekly', ...input },
  });
  const webhook = () => ({ type: 'webhook', input: { endpointId, event: 'digest.sent', payload: { week: 1 } } });

  before(async () => {
    stack = await startWebhookStack(
      'sched-sequence',
      { retryScheduleMs: [0] },
      createPingActivities({ workerIdentity: 'sched-sequence' }),
    );
    stack.handler = reply(200);
    endpointId = (await stack.createEndpoint()).id;
    schedules = scheduleTracker(stack.api);
  });
  afterEach(() => schedules.deleteAll());
  after(() => stack.close());

  it('runs its steps on every run, each run with step ids of its own', async () => {
    const id = uniqueScheduleId('digest');
    const action = `digest.sent.${id}`;
    const created = await schedules.create({
      id,
      ...triggeredOnly(),
      job: {
        kind: 'sequence',
        input: { steps: [{ type: 'ping', input: { message: 'start' } }, audit(action), webhook()] },
      },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));

    const runs = [await triggerRun(stack.api, id), await triggerRun(stack.api, id)];
    for (const run of runs) {
      const job = await stack.closedJob(run.jobId, 30_000);
      assert.equal(job.status, 'succeeded', JSON.stringify(job.lastError));
      assert.deepEqual(
        job.progress.map((s: any) => [s.type, s.status, s.jobId]),
        [
          ['ping', 'succeeded', `${run.jobId}-step1`],
          ['audit', 'succeeded', undefined],
          ['webhook', 'succeeded', `${run.jobId}-step3`],
        ],
      );
      assert.equal((await stack.closedJob(`${run.jobId}-step1`)).status, 'succeeded');
      const deliveries = stack.receiver.requests.filter((r) => r.headers['webhook-id'] === `${run.jobId}-step3`);
      assert.equal(deliveries.length, 1, `${run.jobId}-step3 delivered once`);
    }
    assert.notEqual(runs[0]!.jobId, runs[1]!.jobId);
    const { events } = await stack.store.audit.list({ action });
    assert.deepEqual(
      events.map((e) => [e.id, e.at]).sort(),
      runs.map((run) => [`${run.jobId}-step2`, dueTimeOf(run.jobId)]).sort(),
      'one audit event per run, at its due time',
    );
  });

  it('shows its steps as given, and keeps them through a PATCH', async () => {
    const id = uniqueScheduleId('digest-shown');
    const input = {
      steps: [
        { type: 'email', input: { to: ['ada@example.com'], subject: 'Weekly digest', text: 'Hi' } },
        { type: 'wait', input: { delay: '10m' } },
        { ...webhook(), continueOnError: true },
        audit('digest.sent', { detail: { week: 1 } }),
        { type: 'ping', input: { message: 'done' } },
      ],
      tags: ['digest'],
      priority: 2,
    };
    assert.equal(
      (await schedules.create({ id, every: '1h', paused: true, job: { kind: 'sequence', input } })).status,
      201,
    );
    assert.deepEqual((await stack.api.request('GET', `/v1/schedules/${id}`)).body.job, { kind: 'sequence', input });
    const patched = await stack.api.request('PATCH', `/v1/schedules/${id}`, { note: 'weekly' });
    assert.deepEqual([patched.status, patched.body.job], [200, { kind: 'sequence', input }]);
  });

  it("refuses an audit step's id or time with 400 naming the field: each run decides them", async () => {
    const steps = [webhook(), audit('x.y', { id: 'fixed', at: '2030-01-01T00:00:00Z' })];
    const r = await stack.api.request('POST', '/v1/schedules', {
      id: uniqueScheduleId('digest-bad'),
      every: '1h',
      job: { kind: 'sequence', input: { steps } },
    });
    assert.equal(r.status, 400);
    assert.deepEqual(r.body.errors.map((e: any) => e.field).sort(), [
      'job.input.steps[1].input.at',
      'job.input.steps[1].input.id',
    ]);
  });
});
