// job.succeeded, job.failed and job.cancelled, delivered by the real stack to a real HTTP receiver and checked with
// the Standard Webhooks reference library (npm `standardwebhooks`).
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { WorkflowNotFoundError } from '@temporalio/client';
import { Webhook } from 'standardwebhooks';
import { plainHeaders, type ReceivedRequest, reply } from '../activities/webhooks/receiver';
import { type AllKindsStack, startAllKindsStack } from '../helpers/all-kinds-stack';
import { waitFor } from '../helpers/wait-for';

describe('job events', () => {
  let stack: AllKindsStack;
  /** Subscribed to job.succeeded and job.failed; one to job.cancelled; one to another event only (notify). */
  const endpoints: Record<'finished' | 'cancelled' | 'other', { id: string; secret: string }> = {} as never;
  const email = (extra: object = {}) => ({ to: ['ada@example.com'], subject: 'Job events', text: 'x', ...extra });

  const receivedAt = (path: string): ReceivedRequest[] => stack.receiver.requests.filter((r) => r.path === path);
  /** The verified body of every delivery to `path` that tells of job `id`. */
  const eventsOf = (path: keyof typeof endpoints, id: string) =>
    receivedAt(`/${path}`)
      .map((r) => new Webhook(endpoints[path].secret).verify(r.body, plainHeaders(r.headers)) as any)
      .filter((body) => body.data.id === id);
  const oneEvent = (path: keyof typeof endpoints, id: string) =>
    waitFor(() => eventsOf(path, id).length > 0 && eventsOf(path, id), { what: `an event of ${id} at /${path}` });
  const start = async (path: string, body: object): Promise<string> => {
    const r = await stack.api.request('POST', path, body);
    assert.equal(r.status, 202, JSON.stringify(r.body));
    return r.body.id;
  };

  before(async () => {
    stack = await startAllKindsStack('job-events', { retryScheduleMs: [0] });
    stack.handler = reply(204);
    endpoints.finished = await stack.createEndpoint({ eventTypes: ['job.succeeded', 'job.failed'] }, '/finished');
    endpoints.cancelled = await stack.createEndpoint({ eventTypes: ['job.cancelled'] }, '/cancelled');
    endpoints.other = await stack.createEndpoint({ eventTypes: ['invoice.paid'] }, '/other');
  });
  beforeEach(() => stack.sink.reset());
  after(() => stack.close());

  it('delivers job.failed once when an email fails, with its kind, attempts, last error, times and tags', async () => {
    stack.sink.replyNext(550, '5.1.1 No such user');
    const id = await start('/v1/emails', email({ tags: ['billing'] }));
    const job = await stack.closedJob(id);
    assert.equal(job.status, 'failed');
    const [event, ...more] = await oneEvent('finished', id);
    assert.deepEqual(more, [], 'one delivery');
    assert.equal(event.type, 'job.failed');
    assert.equal(event.data.kind, 'email');
    assert.equal(event.data.status, 'failed');
    assert.equal(event.data.attempts, job.attempts);
    assert.deepEqual(event.data.lastError, job.lastError);
    assert.deepEqual(event.data.tags, ['billing']);
    assert.equal(event.data.createdAt, job.createdAt);
    assert.ok(Date.parse(event.data.closedAt) <= Date.parse(job.closedAt));
    assert.deepEqual(eventsOf('cancelled', id), []);
    assert.deepEqual(eventsOf('other', id), [], 'an endpoint that names other events is not sent job events');
  });

  it('delivers job.succeeded when a job succeeds, and nothing about its own delivery', async () => {
    const id = await start('/v1/pings', { message: 'events' });
    const [event] = await oneEvent('finished', id);
    assert.equal(event.type, 'job.succeeded');
    assert.deepEqual(
      [event.data.kind, event.data.status, event.data.attempts, event.data.lastError],
      ['ping', 'succeeded', 1, null],
    );
    // The delivery is a webhook job; it has closed once delivered, and started no publisher of its own.
    const delivery = await waitFor(
      async () => {
        const { body } = await stack.api.request('GET', `/v1/jobs?kind=webhook&limit=100`);
        return body.jobs.find((j: any) => j.id.startsWith(`jobevent-${event.data.runId}`) && j.closedAt);
      },
      { what: 'the delivery listed as a closed webhook job' },
    );
    assert.equal(delivery.status, 'succeeded');
    const { runId } = await stack.env.client.workflow.getHandle(delivery.id).describe();
    await assert.rejects(stack.env.client.workflow.getHandle(`job-events-${runId}`).describe(), WorkflowNotFoundError);
  });

  it('delivers job.cancelled when a job is cancelled', async () => {
    const id = await start('/v1/emails', email({ delay: '1h' }));
    assert.equal((await stack.api.request('POST', `/v1/jobs/${id}/cancel`)).status, 202);
    const [event] = await oneEvent('cancelled', id);
    assert.equal(event.type, 'job.cancelled');
    assert.equal(event.data.status, 'cancelled');
    assert.deepEqual(eventsOf('finished', id), []);
  });

  it("tells a job's notify endpoint of its close, subscribed or not, and refuses one that does not exist", async () => {
    const id = await start('/v1/pings', { message: 'notify', notify: { endpointId: endpoints.other.id } });
    const [event] = await oneEvent('other', id);
    assert.equal(event.type, 'job.succeeded');
    // Subscribed and named by notify: still one delivery.
    const twice = await start('/v1/pings', { message: 'both', notify: { endpointId: endpoints.finished.id } });
    await oneEvent('finished', twice);
    await stack.closedJob(`jobevent-${event.data.runId}-${endpoints.other.id}`);
    assert.equal(eventsOf('finished', twice).length, 1);

    const unknown = await stack.api.request('POST', '/v1/pings', { notify: { endpointId: 'we_nope' } });
    assert.equal(unknown.status, 400, JSON.stringify(unknown.body));
    assert.deepEqual(
      unknown.body.errors.map((e: any) => e.field),
      ['notify.endpointId'],
    );
  });

  it('refuses job.* events from callers, and notify where a schedule or a step decides', async () => {
    const forged = await stack.api.request('POST', '/v1/webhooks', { event: 'job.failed', payload: {} });
    assert.equal(forged.status, 400);
    assert.deepEqual(
      forged.body.errors.map((e: any) => e.field),
      ['event'],
    );
    const notify = { endpointId: endpoints.other.id };
    const scheduled = await stack.api.request('POST', '/v1/schedules', {
      id: `events-${Date.now()}`,
      every: '1h',
      job: { kind: 'ping', input: { notify } },
    });
    assert.equal(scheduled.status, 400, JSON.stringify(scheduled.body));
    assert.deepEqual(
      scheduled.body.errors.map((e: any) => e.field),
      ['job.input.notify'],
    );
    const step = await stack.api.request('POST', '/v1/sequences', {
      steps: [
        { type: 'webhook', input: { event: 'invoice.paid', payload: {}, endpointId: notify.endpointId, notify } },
      ],
    });
    assert.equal(step.status, 400, JSON.stringify(step.body));
    assert.deepEqual(
      step.body.errors.map((e: any) => e.field),
      ['steps[0].input.notify'],
    );
  });
});
