import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { isDeepStrictEqual } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { reply } from '../activities/webhooks/receiver';
import { type AllKindsStack, startAllKindsStack } from '../helpers/all-kinds-stack';
import { startTestApi, type TestApi } from '../helpers/api';
import { uniqueTaskQueue } from '../helpers/temporal';
import { temporalCalls } from '../helpers/temporal-calls';
import { waitFor } from '../helpers/wait-for';
import { TEST_WEBHOOK_CONFIG } from '../helpers/webhook-stack';

const LISTED = ['status', 'attempts', 'lastError', 'nextAttemptAt'] as const;
const shown = (job: Record<string, unknown>) => Object.fromEntries(LISTED.map((field) => [field, job[field]]));

// Webhooks, tasks and emails report their phase, attempts and last error to visibility as their attempt loop moves
// (pings and sequences how they close): a listing shows what GET /v1/jobs/:id shows without describing them.
describe('GET /v1/jobs from the phase each job reports', () => {
  let stack: AllKindsStack;
  /** An API on a task queue no worker polls: its jobs stay queued. */
  let idle: TestApi;
  const held: ServerResponse[] = [];
  const ids = { retrying: [] as string[], running: [] as string[], scheduled: [] as string[] };
  const closed = { succeeded: [] as string[], failed: [] as string[] };
  let queued: string;
  /** A ping reports no phase (its retries are Temporal's, inside one activity): a listing describes it. */
  let queuedPing: string;

  const list = async (api: TestApi, query: string): Promise<any[]> => {
    const r = await api.request('GET', `/v1/jobs?${query}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body.jobs;
  };
  const viewed = async (api: TestApi, id: string) => shown((await api.request('GET', `/v1/jobs/${id}`)).body);
  /**
   * Waits until the listing holds exactly these jobs, each as GET /v1/jobs/:id shows it: visibility trails the
   * workflow by moments (the memo of a job that has just moved on), so the two agree once the jobs are at rest.
   */
  const listsExactly = async (api: TestApi, query: string, expected: string[]) => {
    let mismatch = 'none';
    const agreed = async () => {
      const listed = await list(api, query);
      const same = listed.length === expected.length && expected.every((id) => listed.some((j) => j.id === id));
      if (!same) return false;
      for (const job of listed) {
        const view = await viewed(api, job.id);
        if (!isDeepStrictEqual(shown(job), view)) {
          mismatch = `${job.id} listed ${JSON.stringify(shown(job))}, viewed ${JSON.stringify(view)}`;
          return false;
        }
      }
      return listed;
    };
    const what = `GET /v1/jobs?${query} to list ${expected.join(', ')} as viewed`;
    return waitFor(agreed, { timeoutMs: 20_000, intervalMs: 200, what }).catch((err: Error) => {
      throw new Error(`${err.message}; last mismatch: ${mismatch}`);
    });
  };

  before(async () => {
    // A failed first attempt waits two minutes for its next: the jobs sit retrying while the tests look.
    stack = await startAllKindsStack('list-phases', { retryScheduleMs: [0, 120_000], deadlineMs: 600_000 });
    stack.handler = (request, response) =>
      (request.path === '/ok' ? reply(204) : request.path === '/refuse' ? reply(400) : reply(500, {}, 'down'))(
        request,
        response,
      );
    stack.taskHandler = (request, response) => {
      if (request.path === '/slow') held.push(response);
      else (request.path === '/flaky' ? reply(503) : reply(200, {}, '{"done":true}'))(request, response);
    };
    const taskType = async (name: string, settings: object) => {
      const r = await stack.api.request('POST', '/v1/task-types', {
        name,
        url: `${stack.taskApp.origin}/${name}`,
        ...settings,
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
    };
    await taskType('flaky', { retry: { initialInterval: '2m', maximumInterval: '2m' } });
    await taskType('slow', { timeout: '5m' });
    await taskType('fine', {});
    const down = await stack.createEndpoint();
    const ok = await stack.createEndpoint({}, '/ok');
    const refusing = await stack.createEndpoint({}, '/refuse');
    const webhook = async (endpointId: string, body: object = {}) =>
      (await stack.send({ endpointId, ...body })).jobs[0].id;
    const task = async (type: string) => {
      const r = await stack.api.request('POST', `/v1/tasks/${type}`, { payload: { n: 1 } });
      assert.equal(r.status, 202, JSON.stringify(r.body));
      return r.body.id as string;
    };
    for (let i = 0; i < 3; i++) ids.retrying.push(await webhook(down.id), await task('flaky'));
    ids.running.push(await task('slow'));
    ids.scheduled.push(await webhook(ok.id, { delay: '1h' }));
    // A sequence reports no phase while it runs, but closes saying how (its first run counts 1).
    const sequence = async (endpointId: string) => {
      const step = { type: 'webhook', input: { event: 'invoice.paid', payload: {}, endpointId } };
      const r = await stack.api.request('POST', '/v1/sequences', { steps: [step] });
      assert.equal(r.status, 202, JSON.stringify(r.body));
      return r.body.id as string;
    };
    // An email sent at its first attempt and a ping close saying how many attempts they took, as webhooks and tasks do.
    const email = await stack.api.request('POST', '/v1/emails', { to: ['ada@example.com'], subject: 'Hi', text: 'x' });
    const ping = await stack.api.request('POST', '/v1/pings', {});
    closed.succeeded.push(await webhook(ok.id), await task('fine'), await sequence(ok.id), email.body.id, ping.body.id);
    closed.failed.push(await webhook(refusing.id), await sequence(refusing.id));
    idle = await startTestApi(stack.env.client, uniqueTaskQueue('list-phases-idle'), {
      store: stack.store,
      webhooks: TEST_WEBHOOK_CONFIG,
    });
    queued = (await idle.request('POST', '/v1/webhooks', { event: 'invoice.paid', payload: {}, endpointId: ok.id }))
      .body.jobs[0].id;
    queuedPing = (await idle.request('POST', '/v1/pings', {})).body.id;
  });
  after(async () => {
    for (const id of [...ids.retrying, ...ids.running, ...ids.scheduled, queued, queuedPing])
      await stack.env.client.workflow
        .getHandle(id)
        .terminate('test cleanup')
        .catch(() => undefined);
    for (const response of held) response.destroy();
    await idle.close();
    await stack.close();
  });

  it('lists a page of retrying webhooks and tasks with the attempts, last error and next attempt of each job', async () => {
    const jobs = await listsExactly(stack.api, 'status=retrying&limit=100', ids.retrying);
    for (const job of jobs) {
      assert.equal(job.status, 'retrying');
      assert.equal(job.attempts, 1, job.id);
      assert.match(job.lastError.message, /^Attempt 1 failed: HTTP 50[03]$/, job.id);
      assert.ok(Date.parse(job.nextAttemptAt) > Date.now() + 60_000, `${job.id} next attempt ${job.nextAttemptAt}`);
    }
  });

  it('costs one visibility list for status=retrying&limit=100: no describe, no query', async () => {
    await listsExactly(stack.api, 'status=retrying&limit=100', ids.retrying);
    const { calls, result } = await temporalCalls(stack.env.client, () =>
      stack.api.request('GET', '/v1/jobs?status=retrying&limit=100'),
    );
    assert.equal(result.body.jobs.length, ids.retrying.length);
    assert.ok(calls.length <= 2, `Temporal calls: ${calls.join(', ')}`);
    assert.deepEqual(calls, ['listWorkflowExecutions']);
  });

  it('lists running, scheduled and queued jobs by their phase, as GET /v1/jobs/:id shows them', async () => {
    const [running] = await listsExactly(stack.api, 'status=running&kind=task', ids.running);
    assert.equal(running.attempts, 1);
    assert.equal(running.lastError, null);
    await listsExactly(stack.api, 'status=scheduled', ids.scheduled);
    const waiting = await listsExactly(idle, 'status=queued', [queued, queuedPing]);
    assert.deepEqual(
      waiting.map((job) => job.attempts),
      [0, 0],
    );
  });

  it('describes only the jobs whose phase does not say: here a ping, which reports none', async () => {
    const { calls } = await temporalCalls(stack.env.client, () => idle.request('GET', '/v1/jobs?status=queued'));
    assert.deepEqual(calls, ['listWorkflowExecutions', 'describeWorkflowExecution']);
  });

  it('lists succeeded and failed jobs with what they closed with, in two calls', async () => {
    await listsExactly(stack.api, 'status=succeeded', closed.succeeded);
    const failed = (await listsExactly(stack.api, 'status=failed', closed.failed)).find(
      (j) => j.id === closed.failed[0],
    );
    assert.equal(failed.lastError.type, 'WebhookRejected');
    assert.equal(failed.lastError.code, 400);
    for (const status of ['succeeded', 'failed']) {
      const { calls } = await temporalCalls(stack.env.client, () =>
        stack.api.request('GET', `/v1/jobs?status=${status}`),
      );
      assert.deepEqual(calls, ['listWorkflowExecutions', 'listWorkflowExecutions'], status);
    }
  });

  it('starts a retry of a failed job queued, without the phase the failed run ended with', async () => {
    const [id] = closed.failed;
    const retried = await stack.api.request('POST', `/v1/jobs/${id}/retry`);
    assert.equal(retried.status, 202, JSON.stringify(retried.body));
    const history = await stack.env.client.workflow.getHandle(id!).fetchHistory();
    const started = history.events![0]!.workflowExecutionStartedEventAttributes!;
    const phase = started.searchAttributes!.indexedFields!.JobPhase!.data!;
    assert.equal(JSON.parse(Buffer.from(phase).toString()), 'queued');
    assert.equal(started.memo!.fields!.jobPhase, undefined);
    assert.ok(started.memo!.fields!.retryOf);
  });
});
