import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { fanOutWebhook } from '../../workflows/fan-out-webhook';
import { WEBHOOK_ENDPOINT_ID } from '../../workflows/shared/search-attributes';
import { waitFor } from '../helpers/wait-for';
import { type WebhookStack, startWebhookStack } from '../helpers/webhook-stack';
import { dueTimeOf, scheduleTracker, triggerRun, triggeredOnly, uniqueScheduleId } from './schedule-helpers';

describe('webhook schedules', () => {
  let stack: WebhookStack;
  let schedules: ReturnType<typeof scheduleTracker>;
  const requestsTo = (path: string) => stack.receiver.requests.filter((r) => r.path === path);
  const job = (input: Record<string, unknown>) => ({
    kind: 'webhook',
    input: { event: 'report.ready', payload: { report: 'daily' }, ...input },
  });

  before(async () => {
    stack = await startWebhookStack('sched-webhook');
    schedules = scheduleTracker(stack.api);
  });
  afterEach(() => schedules.deleteAll());
  after(() => stack.close());

  it('delivers each run once to every endpoint subscribed when it runs, each delivery a webhook job of its own', async () => {
    const subscribed = await stack.createEndpoint({ eventTypes: ['report.ready'] }, '/subscribed');
    const everything = await stack.createEndpoint({}, '/everything');
    await stack.createEndpoint({ eventTypes: ['invoice.paid'] }, '/other-event');
    const disabled = await stack.createEndpoint({ eventTypes: ['report.ready'] }, '/disabled');
    await stack.api.request('PATCH', `/v1/webhook-endpoints/${disabled.id}`, { enabled: false });
    const id = uniqueScheduleId('fan-out');
    assert.equal(
      (await schedules.create({ id, ...triggeredOnly(), job: job({ tags: [id], priority: 2 }) })).status,
      201,
    );

    const first = await triggerRun(stack.api, id);
    const firstRun = await stack.closedJob(first.jobId);
    // Subscribed after the first run: the second run finds it.
    const later = await stack.createEndpoint({ eventTypes: ['report.ready'] }, '/later');
    const second = await triggerRun(stack.api, id);
    const secondRun = await stack.closedJob(second.jobId);

    for (const [run, fired, endpoints] of [
      [firstRun, first, [subscribed, everything]],
      [secondRun, second, [subscribed, everything, later]],
    ] as const) {
      assert.equal(run.status, 'succeeded', JSON.stringify(run.lastError));
      assert.deepEqual(run.result.jobs.map((j: any) => j.endpointId).sort(), endpoints.map((e) => e.id).sort());
      for (const delivery of run.result.jobs) {
        assert.equal(delivery.id, `${fired.jobId}-${delivery.endpointId}`);
        const shown = await stack.closedJob(delivery.id);
        assert.deepEqual([shown.kind, shown.status], ['webhook', 'succeeded']);
        assert.deepEqual(shown.input, {
          messageId: fired.jobId,
          event: 'report.ready',
          endpointId: delivery.endpointId,
          payloadBytes: 18,
        });
        const description = await stack.env.client.workflow.getHandle(delivery.id).describe();
        assert.equal(description.typedSearchAttributes.get(WEBHOOK_ENDPOINT_ID), delivery.endpointId);
        assert.equal(description.priority?.priorityKey, 2, "at the schedule's priority");
        const [received, ...again] = stack.receiver.requests.filter((r) => r.headers['webhook-id'] === delivery.id);
        assert.ok(received && again.length === 0, `${delivery.id} delivered once`);
        const body = JSON.parse(received.body);
        assert.deepEqual(Object.keys(body), ['type', 'timestamp', 'data']);
        assert.deepEqual(body, { type: 'report.ready', timestamp: dueTimeOf(fired.jobId), data: { report: 'daily' } });
      }
    }
    const deliveries = [...firstRun.result.jobs, ...secondRun.result.jobs].map((j: any) => j.id);
    await waitFor(
      async () => {
        const ids = (await stack.api.request('GET', `/v1/jobs?kind=webhook&tag=${id}`)).body.jobs.map((j: any) => j.id);
        return deliveries.every((d) => ids.includes(d)) && ids;
      },
      { what: "the deliveries listed by the schedule's tag" },
    );
    assert.deepEqual(
      [requestsTo('/subscribed').length, requestsTo('/everything').length, requestsTo('/later').length],
      [2, 2, 1],
    );
    assert.deepEqual([requestsTo('/other-event').length, requestsTo('/disabled').length], [0, 0]);
  });

  it('never delivers twice to an endpoint when the same run starts again, as a retry of the job does', async () => {
    const endpoint = await stack.createEndpoint({}, '/once');
    const id = uniqueScheduleId('fan-out-again');
    await schedules.create({ id, ...triggeredOnly(), job: job({ endpointId: endpoint.id }) });
    const run = await triggerRun(stack.api, id);
    const [delivery] = (await stack.closedJob(run.jobId)).result.jobs;
    assert.equal((await stack.closedJob(delivery.id)).status, 'succeeded');

    const { action } = await stack.env.client.schedule.getHandle(id).describe();
    const firstRun = await stack.env.client.workflow.getHandle(run.jobId).describe();
    const again = await stack.env.client.workflow.execute(fanOutWebhook, {
      workflowId: run.jobId,
      taskQueue: stack.taskQueue,
      args: action.args as Parameters<typeof fanOutWebhook>,
      typedSearchAttributes: firstRun.typedSearchAttributes,
    });
    assert.deepEqual(again.jobs, [{ id: delivery.id, endpointId: endpoint.id, alreadyStarted: true }]);
    assert.equal(requestsTo('/once').length, 1);
  });

  it('fails a run whose endpoint is disabled, saying so; retried once it is enabled, the run delivers', async () => {
    const endpoint = await stack.createEndpoint({}, '/paused-endpoint');
    await stack.api.request('PATCH', `/v1/webhook-endpoints/${endpoint.id}`, { enabled: false });
    const id = uniqueScheduleId('fan-out-disabled');
    await schedules.create({ id, ...triggeredOnly(), job: job({ endpointId: endpoint.id }) });
    const run = await triggerRun(stack.api, id);
    const failed = await stack.closedJob(run.jobId);
    assert.equal(failed.status, 'failed');
    assert.equal(failed.lastError.type, 'WebhookEndpointUnavailable');
    assert.match(failed.lastError.message, new RegExp(`${endpoint.id} is disabled`));

    await stack.api.request('PATCH', `/v1/webhook-endpoints/${endpoint.id}`, { enabled: true });
    assert.equal((await stack.api.request('POST', `/v1/jobs/${run.jobId}/retry`)).status, 202);
    const retried = await stack.closedJob(run.jobId);
    assert.equal(retried.status, 'succeeded', JSON.stringify(retried.lastError));
    assert.equal((await stack.closedJob(retried.result.jobs[0].id)).status, 'succeeded');
    assert.equal(requestsTo('/paused-endpoint').length, 1);
  });

  it('refuses a time and an oversized payload with 400 naming the field', async () => {
    const r = await stack.api.request('POST', '/v1/schedules', {
      id: uniqueScheduleId('bad-webhook'),
      every: '1h',
      job: job({ delay: '1h', payload: 'x'.repeat(300_000) }),
    });
    assert.equal(r.status, 400);
    assert.deepEqual(r.body.errors.map((e: any) => e.field).sort(), ['job.input.delay', 'job.input.payload']);
  });
});
