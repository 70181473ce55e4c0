// The behaviours every kind of job shares, run over every kind in the registry: a new kind gets them, or
// this suite fails (it has no sample request for it, or a behaviour does not hold).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { JOB_KINDS } from '../../src/kinds';
import { hashApiKey, newApiKey } from '../../src/security/api-keys';
import { Webhook } from 'standardwebhooks';
import { plainHeaders, reply } from '../activities/webhooks/receiver';
import { startTestApi, type TestApi } from '../helpers/api';
import { waitFor } from '../helpers/wait-for';
import { type AllKindsStack, startAllKindsStack } from '../helpers/all-kinds-stack';
import { waitForRuns } from '../schedules/schedule-helpers';

describe('every kind of job', () => {
  let stack: AllKindsStack;
  let twoCallers: TestApi;
  let endpointId: string;
  /** Subscribed to job.succeeded: told of every job that closes. */
  let jobEvents: { id: string; secret: string };
  const keys = { alice: newApiKey(), bob: newApiKey() };
  const as = (who: keyof typeof keys) => ({ authorization: `Bearer ${keys[who]}` });

  /** A valid request of each kind (and its input as a sequence step, where it differs). */
  const SAMPLES: Record<string, () => object> = {
    ping: () => ({ message: 'cross-kind' }),
    email: () => ({ to: ['ada@example.com'], subject: 'Cross-kind', text: 'Hi' }),
    webhook: () => ({ event: 'invoice.paid', payload: { invoice: 'in_x' }, endpointId }),
    sequence: () => ({ steps: [{ type: 'ping', input: { message: 'a step' } }] }),
    audit: () => ({ actor: 'cron', action: 'report.generated', resource: 'report:daily' }),
    task: () => ({ type: 'cross.kind', payload: { report: 7 } }),
    batch: () => ({
      template: { subject: 'Cross-kind', text: 'Hi {{ name }}' },
      recipients: [{ to: 'ada@example.com', data: { name: 'Ada' } }],
    }),
  };
  // Audit events sent to the API are recorded by the audit writers (POST /v1/audit-events), not started as jobs.
  const NO_START_ROUTE = ['audit'];
  const sample = (kind: string): object => {
    const make = SAMPLES[kind];
    assert.ok(make, `test/kinds/cross-kind.test.ts needs a sample request for the kind ${kind}`);
    return make();
  };
  const jobIds = (body: any): string[] => (Array.isArray(body.jobs) ? body.jobs.map((j: any) => j.id) : [body.id]);
  const closed = (id: string) => stack.closedJob(id, 30_000);
  /** The job.succeeded event of job `id` at the subscribed endpoint, its signature verified. */
  const jobSucceeded = async (id: string) => {
    const told = () =>
      stack.receiver.requests
        .filter((request) => request.path === '/job-events')
        .map((request) => new Webhook(jobEvents.secret).verify(request.body, plainHeaders(request.headers)) as any)
        .filter((event) => event.data.id === id);
    const [event] = await waitFor(() => told().length > 0 && told(), { what: `job.succeeded of ${id}` });
    return event;
  };

  before(async () => {
    stack = await startAllKindsStack('cross-kind', { retryScheduleMs: [0] });
    stack.handler = reply(200);
    endpointId = (await stack.createEndpoint()).id;
    jobEvents = await stack.createEndpoint({ eventTypes: ['job.succeeded'] }, '/job-events');
    await stack.registerTaskType('cross.kind');
    const auth = {
      disabled: false,
      keys: Object.entries(keys).map(([name, key]) => ({ name, scopes: ['*' as const], sha256: hashApiKey(key) })),
      rateLimit: { perSecond: 100_000, burst: 100_000 },
    };
    twoCallers = await startTestApi(stack.env.client, stack.taskQueue, { store: stack.store, auth });
  });
  after(async () => {
    await twoCallers.close();
    await stack.close();
  });

  it('has a start route for every kind but audit, and a sample for each here', () => {
    assert.deepEqual(
      JOB_KINDS.filter((k) => !k.start).map((k) => k.name),
      NO_START_ROUTE,
    );
    for (const kind of JOB_KINDS) sample(kind.name);
  });

  for (const kind of JOB_KINDS) {
    // A path parameter (a task's `/:type`) is taken from the sample, as the router takes it from the path.
    const path = (kind.start?.path ?? '').replace(/:(\w+)/g, (_, field: string) =>
      String((sample(kind.name) as Record<string, unknown>)[field]),
    );

    if (kind.start)
      it(`${kind.name}: takes priority and tags, runs at that priority, and counts its attempts`, async () => {
        const r = await stack.api.request('POST', path, { ...sample(kind.name), priority: 2, tags: ['cross-kind'] });
        assert.equal(r.status, 202, JSON.stringify(r.body));
        const [id] = jobIds(r.body);
        const description = await stack.env.client.workflow.getHandle(id!).describe();
        assert.equal(description.priority?.priorityKey, 2);
        const job = await closed(id!);
        assert.equal(job.status, 'succeeded', JSON.stringify(job.lastError));
        assert.ok(job.attempts >= 1, `attempts ${job.attempts}`);
        await waitFor(
          async () =>
            (await stack.api.request('GET', `/v1/jobs?kind=${kind.name}&tag=cross-kind`)).body.jobs.some(
              (j: any) => j.id === id,
            ),
          { what: `${id} listed by its tag` },
        );
      });

    if (kind.start)
      it(`${kind.name}: tells an endpoint subscribed to job.succeeded, signed, with its kind`, async () => {
        const r = await stack.api.request('POST', path, sample(kind.name));
        assert.equal(r.status, 202, JSON.stringify(r.body));
        const [id] = jobIds(r.body);
        const event = await jobSucceeded(id!);
        assert.equal(event.type, 'job.succeeded');
        assert.equal(event.data.kind, kind.name);
        assert.equal(event.data.status, 'succeeded');
        assert.equal(event.data.attempts, (await closed(id!)).attempts);
      });

    if (kind.start)
      it(`${kind.name}: an Idempotency-Key names one job per caller, answered again with Idempotent-Replayed`, async () => {
        const body = sample(kind.name);
        const headers = { 'idempotency-key': `cross-${kind.name}-${Date.now()}` };
        const first = await twoCallers.request('POST', path, body, { ...as('alice'), ...headers });
        const again = await twoCallers.request('POST', path, body, { ...as('alice'), ...headers });
        const other = await twoCallers.request('POST', path, body, { ...as('bob'), ...headers });
        assert.deepEqual(
          [first.status, again.status, other.status],
          [202, 202, 202],
          JSON.stringify([first.body, again.body, other.body]),
        );
        assert.deepEqual(jobIds(again.body), jobIds(first.body));
        assert.equal(first.headers.get('idempotent-replayed'), null);
        assert.equal(again.headers.get('idempotent-replayed'), 'true');
        assert.notDeepEqual(
          jobIds(other.body),
          jobIds(first.body),
          "another caller's key of the same text is another job",
        );
        assert.equal(other.headers.get('idempotent-replayed'), null);
      });

    if (kind.start && kind.controls?.sendNow) {
      it(`${kind.name}: waits for sendAt or delay, and reschedule and sendNow steer it while it waits`, async () => {
        const r = await stack.api.request('POST', path, { ...sample(kind.name), delay: '2h' });
        assert.equal(r.status, 202, JSON.stringify(r.body));
        const [id] = jobIds(r.body);
        assert.equal(r.body.status ?? r.body.jobs?.[0]?.status, 'scheduled');
        const sendAt = new Date(Date.now() + 3 * 3600_000).toISOString();
        const moved = await stack.api.request('POST', `/v1/jobs/${id}/signals/reschedule`, { sendAt });
        assert.equal(moved.status, 200, JSON.stringify(moved.body));
        await waitFor(async () => (await stack.api.request('GET', `/v1/jobs/${id}`)).body.scheduledFor === sendAt, {
          what: 'the new time on the job',
        });
        const now = await stack.api.request('POST', `/v1/jobs/${id}/signals/sendNow`, {});
        assert.equal(now.status, 200, JSON.stringify(now.body));
        assert.equal((await closed(id!)).status, 'succeeded');
      });
    }

    if (kind.schedule) {
      it(`${kind.name}: can be scheduled: GET shows the job's input, PATCH keeps it, and a run succeeds at the job's priority`, async () => {
        const id = `cross-${kind.name}-${Date.now()}`;
        const input = { ...sample(kind.name), priority: 4, tags: [id] };
        const r = await stack.api.request('POST', '/v1/schedules', {
          id,
          every: '1h',
          paused: true,
          job: { kind: kind.name, input },
        });
        assert.equal(r.status, 201, JSON.stringify(r.body));
        try {
          assert.deepEqual((await stack.api.request('GET', `/v1/schedules/${id}`)).body.job, {
            kind: kind.name,
            input,
          });
          const patched = await stack.api.request('PATCH', `/v1/schedules/${id}`, { every: '2h' });
          assert.equal(patched.status, 200, JSON.stringify(patched.body));
          assert.deepEqual(patched.body.job, { kind: kind.name, input });
          const { action } = await stack.env.client.schedule.getHandle(id).describe();
          assert.equal((action as { priority?: { priorityKey?: number } }).priority?.priorityKey, 4);

          assert.equal((await stack.api.request('POST', `/v1/schedules/${id}/trigger`)).status, 202);
          const [run] = (await waitForRuns(stack.api, id, 1, 10_000)).recentRuns;
          assert.ok(run.jobId.startsWith(`${kind.name}-sched-${id}-`), run.jobId);
          const job = await closed(run.jobId);
          assert.equal(job.status, 'succeeded', JSON.stringify(job.lastError));
          assert.equal(job.kind, kind.name);
          assert.equal((await jobSucceeded(run.jobId)).data.kind, kind.name, 'a scheduled run tells of its close too');
          assert.equal((await stack.env.client.workflow.getHandle(run.jobId).describe()).priority?.priorityKey, 4);
        } finally {
          await stack.api.request('DELETE', `/v1/schedules/${id}`);
        }
      });
    }

    if (kind.step) {
      it(`${kind.name}: runs as a step of a sequence`, async () => {
        const r = await stack.api.request('POST', '/v1/sequences', {
          steps: [{ type: kind.name, input: sample(kind.name) }],
        });
        assert.equal(r.status, 202, JSON.stringify(r.body));
        const job = await closed(r.body.id);
        assert.equal(job.status, 'succeeded', JSON.stringify(job.lastError));
        assert.deepEqual(
          job.progress.map((s: any) => [s.type, s.status]),
          [[kind.name, 'succeeded']],
        );
      });
    }
  }
});
