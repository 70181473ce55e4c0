// Per-kind rate limits across all workers: the real startWorker (a worker on the task queue plus one
// activity-only worker per kind queue), the real API, a real SMTP sink and a real webhook receiver.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { type Config, loadConfig } from '../../src/config';
import { type StartedWorker, startWorker } from '../../src/worker';
import { reply, type Receiver, startReceiver } from '../activities/webhooks/receiver';
import { type TestApi, startTestApi } from '../helpers/api';
import { openTestStore, type TestStore } from '../helpers/audit-stack';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp-sink';
import { connectTestEnv, uniqueTaskQueue, workflowBundle } from '../helpers/temporal';
import { testEnv } from '../helpers/test-env';
import { waitFor } from '../helpers/wait-for';
import { emailJob as scheduledEmail, scheduleTracker, uniqueScheduleId } from '../schedules/schedule-helpers';

const EMAIL_LIMIT = 2;
const { RateLimitSource, TaskQueueType } = temporal.api.enums.v1;

/** The task queue each activity of a job was scheduled on, by activity type, from its history. */
async function activityQueues(client: Client, jobId: string): Promise<Record<string, string[]>> {
  const history = await client.workflow.getHandle(jobId).fetchHistory();
  const queues: Record<string, string[]> = {};
  for (const event of history.events ?? []) {
    const scheduled = event.activityTaskScheduledEventAttributes;
    if (scheduled) (queues[scheduled.activityType!.name!] ??= []).push(scheduled.taskQueue!.name!);
  }
  return queues;
}

/** The rate limit the server applies to a queue's activity tasks, and who set it. */
async function effectiveRateLimit(client: Client, taskQueue: string): Promise<{ perSecond: number; source: number }> {
  const response = await client.workflowService.describeTaskQueue({
    namespace: 'default',
    taskQueue: { name: taskQueue },
    taskQueueType: TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY,
    reportConfig: true,
  });
  return {
    perSecond: response.effectiveRateLimit?.requestsPerSecond ?? NaN,
    source: response.effectiveRateLimit?.rateLimitSource ?? RateLimitSource.RATE_LIMIT_SOURCE_UNSPECIFIED,
  };
}

describe('per-kind activity rate limits', () => {
  const taskQueue = uniqueTaskQueue('kind-limits');
  const emailQueue = `${taskQueue}-email`;
  const webhookQueue = `${taskQueue}-webhook`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'afterward-kind-limits-'));
  // The email kind is limited; the webhook kind has a limit far above anything this test sends.
  const env = (extra: Record<string, string> = {}): Readonly<Config> =>
    loadConfig({
      AFTERWARD_DATA_DIR: dataDir,
      TEMPORAL_TASK_QUEUE: taskQueue,
      WEBHOOK_ALLOW_LIST: '127.0.0.1',
      WORKER_SHUTDOWN_GRACE_MS: '2000',
      ...extra,
    });
  const limited = env({ EMAIL_ACTIVITIES_PER_SECOND: String(EMAIL_LIMIT), WEBHOOK_ACTIVITIES_PER_SECOND: '100' });
  let client: Client;
  let teardownEnv: () => Promise<void>;
  let sink: SmtpSink;
  let store: TestStore;
  let receiver: Receiver;
  let api: TestApi;
  let worker: StartedWorker | undefined;
  let endpointId: string;
  const schedules = () => scheduleTracker(api);
  let tracker: ReturnType<typeof schedules>;

  const start = async (config: Readonly<Config>): Promise<StartedWorker> =>
    // The test run's cached bundle instead of bundling the same workflows again.
    startWorker(
      config,
      { address: testEnv('AFTERWARD_TEST_TEMPORAL_ADDRESS'), smtpUrl: sink.url, store },
      { workflowsPath: undefined, workflowBundle: await workflowBundle() },
    );
  const accept = async (path: string, body: object): Promise<any> => {
    const answer = await api.request('POST', path, body);
    assert.equal(answer.status, 202, JSON.stringify(answer.body));
    return answer.body;
  };
  const closedJob = (id: string, timeoutMs = 30_000): Promise<any> =>
    waitFor(
      async () => {
        const job = (await api.request('GET', `/v1/jobs/${id}`)).body;
        return job.closedAt !== null && job;
      },
      { timeoutMs, what: `job ${id} to close` },
    );

  before(async () => {
    const testEnvironment = await connectTestEnv();
    client = testEnvironment.client;
    teardownEnv = () => testEnvironment.teardown();
    sink = await startSmtpSink();
    store = await openTestStore('SQLite');
    receiver = await startReceiver(reply(204));
    worker = await start(limited);
    // The API routes as its own configuration says: here, the same limits as the worker's.
    api = await startTestApi(client, taskQueue, {
      store,
      email: { ...limited.email, retry: { initialIntervalMs: 100, maximumIntervalMs: 400, deadlineMs: 60_000 } },
      webhooks: limited.webhooks,
    });
    tracker = schedules();
    endpointId = (await api.request('POST', '/v1/webhook-endpoints', { url: `${receiver.origin}/hooks` })).body.id;
    assert.ok(endpointId);
  });
  after(async () => {
    await tracker?.deleteAll();
    await api?.close();
    await worker?.close();
    await receiver?.close();
    await sink?.close();
    await store?.close();
    await teardownEnv?.();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("has the server apply each kind's limit to its queue, set by the workers polling it", async () => {
    const email = await waitFor(
      async () => {
        const limit = await effectiveRateLimit(client, emailQueue);
        return limit.source === RateLimitSource.RATE_LIMIT_SOURCE_WORKER && limit;
      },
      { what: "the email queue's limit from its workers" },
    );
    assert.equal(email.perSecond, EMAIL_LIMIT);
    assert.equal((await effectiveRateLimit(client, webhookQueue)).perSecond, 100);
  });

  it('sends emails no faster than the email limit, while pings and webhooks on the same worker are not held back', async () => {
    const tag = `burst-${taskQueue}`;
    const count = 10;
    const posted = Date.now();
    const emails = await Promise.all(
      Array.from({ length: count }, (_, i) =>
        accept('/v1/emails', { to: ['ada@example.com'], subject: `Burst ${i}`, text: 'Hi', tags: [tag] }),
      ),
    );
    const pings = await Promise.all(Array.from({ length: 3 }, () => accept('/v1/pings', { message: 'hello' })));
    const webhooks = await Promise.all(
      Array.from({ length: 3 }, (_, i) =>
        accept('/v1/webhooks', { endpointId, event: 'invoice.paid', payload: { invoice: `in_${i}` } }),
      ),
    );

    const received = await sink.waitForMessages(count, 30_000);
    const times = received
      .filter((m) => m.parsed.subject?.startsWith('Burst '))
      .map((m) => m.receivedAt)
      .sort((a, b) => a - b);
    assert.equal(times.length, count);
    const spanMs = times.at(-1)! - times[0]!;
    // The server splits a task queue into 4 partitions with a quarter of the limit each: about one task
    // per partition goes at once, then the rest at the limit. Without the limit all 10 arrive within 1 s.
    const burst = 4;
    assert.ok(
      spanMs >= ((count - burst) / EMAIL_LIMIT) * 1000 - 250,
      `10 emails at ${EMAIL_LIMIT}/s arrived within ${spanMs} ms`,
    );
    // No second has more than the burst plus the limit in it.
    for (const t of times)
      assert.ok(
        times.filter((u) => u >= t && u < t + 1000).length <= burst + EMAIL_LIMIT,
        `too many in one second: ${times.map((u) => u - times[0]!).join(',')}`,
      );

    // The other kinds ran beside the queued emails, not behind them.
    const lastEmailAt = times.at(-1)!;
    for (const { id } of [...pings, ...webhooks.map((w) => w.jobs[0])]) {
      const job = await closedJob(id);
      assert.equal(job.status, 'succeeded', `${id}: ${JSON.stringify(job.lastError)}`);
      assert.ok(
        Date.parse(job.closedAt) < lastEmailAt,
        `${id} closed ${Date.parse(job.closedAt) - posted} ms after the burst was posted, after the last email`,
      );
    }
    assert.equal(receiver.requests.length >= 3, true);

    // Each kind's side effect ran on its own queue; the rest of each job on the task queue.
    assert.deepEqual(await activityQueues(client, emails[0].id), { smtpSend: [emailQueue] });
    assert.deepEqual(await activityQueues(client, webhooks[0].jobs[0].id), {
      postWebhook: [webhookQueue],
      recordWebhookAttempt: [taskQueue],
    });
    assert.deepEqual(await activityQueues(client, pings[0].id), { pong: [taskQueue] });

    // And they are jobs like any other: listed by kind and tag, succeeded.
    const listed = await waitFor(
      async () => {
        const page = (await api.request('GET', `/v1/jobs?kind=email&tag=${tag}&limit=100`)).body;
        return page.jobs?.length === count && page.jobs.every((j: any) => j.status === 'succeeded') && page;
      },
      { timeoutMs: 15_000, what: 'the burst in GET /v1/jobs' },
    );
    assert.deepEqual(listed.jobs.map((j: any) => j.id).sort(), emails.map((e) => e.id).sort());
  });

  it("routes the steps of a sequence to their kinds' queues", async () => {
    const accepted = await accept('/v1/sequences', {
      steps: [
        { type: 'email', input: { to: ['ada@example.com'], subject: 'Sequence step', text: 'Hi' } },
        { type: 'webhook', input: { endpointId, event: 'invoice.paid', payload: { invoice: 'in_seq' } } },
        { type: 'audit', input: { actor: 'user:42', action: 'invoice.paid', resource: `invoice:${taskQueue}` } },
      ],
    });
    const job = await closedJob(accepted.id);
    assert.equal(job.status, 'succeeded', JSON.stringify(job.lastError));
    const [emailStep, webhookStep] = job.progress.map((s: any) => s.jobId);
    assert.deepEqual(await activityQueues(client, emailStep), { smtpSend: [emailQueue] });
    assert.deepEqual(await activityQueues(client, webhookStep), {
      postWebhook: [webhookQueue],
      recordWebhookAttempt: [taskQueue],
    });
    assert.deepEqual(await activityQueues(client, accepted.id), { insertAuditEvents: [taskQueue] });
  });

  it("routes the runs of a schedule to the kind's queue, and those of an older schedule once it is patched", async () => {
    const routedTo = async (id: string): Promise<unknown> => {
      const action = (await client.schedule.getHandle(id).describe()).action;
      assert.equal(action.type, 'startWorkflow');
      return (action.args![0] as any).activityTaskQueue;
    };
    const id = uniqueScheduleId('limited');
    const created = await tracker.create({
      id,
      every: '1h',
      job: scheduledEmail({ subject: 'Scheduled under a limit' }),
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(await routedTo(id), emailQueue);
    // GET shows the schedule's job as it was given, without the routing.
    assert.equal((await api.request('GET', `/v1/schedules/${id}`)).body.job.input.activityTaskQueue, undefined);

    // A schedule made before the limit was set (by an API without it) keeps its runs on the task queue until changed.
    const unlimitedApi = await startTestApi(client, taskQueue, { store, email: env().email, webhooks: env().webhooks });
    const older = uniqueScheduleId('older');
    try {
      assert.equal(
        (
          await unlimitedApi.request('POST', '/v1/schedules', {
            id: older,
            every: '1h',
            paused: true,
            job: scheduledEmail(),
          })
        ).status,
        201,
      );
    } finally {
      await unlimitedApi.close();
    }
    assert.equal(await routedTo(older), undefined);
    const patched = await api.request('PATCH', `/v1/schedules/${older}`, {});
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    assert.equal(patched.body.paused, true);
    assert.equal(await routedTo(older), emailQueue);
    await api.request('DELETE', `/v1/schedules/${older}`);

    assert.equal((await api.request('POST', `/v1/schedules/${id}/trigger`, {})).status < 300, true);
    const run = await waitFor(async () => (await api.request('GET', `/v1/schedules/${id}`)).body.recentRuns?.[0], {
      timeoutMs: 15_000,
      what: 'the triggered run',
    });
    const job = await closedJob(run.jobId);
    assert.equal(job.status, 'succeeded', JSON.stringify(job.lastError));
    assert.deepEqual(await activityQueues(client, run.jobId), { smtpSend: [emailQueue] });
  });

  it("still runs what was routed to a kind's queue once its limit is removed, without the old limit", async () => {
    await worker!.close();
    worker = undefined;
    // Accepted while the API still routes to the email queue, with no worker running at all.
    const waiting = await accept('/v1/emails', {
      to: ['ada@example.com'],
      subject: 'Routed, then unlimited',
      text: 'Hi',
    });
    // The workers restart without EMAIL_ACTIVITIES_PER_SECOND: they still poll the email queue, without a limit.
    worker = await start(env());
    const job = await closedJob(waiting.id);
    assert.equal(job.status, 'succeeded', JSON.stringify(job.lastError));
    assert.deepEqual(await activityQueues(client, waiting.id), { smtpSend: [emailQueue] });
    const limit = await waitFor(
      async () => {
        const now = await effectiveRateLimit(client, emailQueue);
        return now.source !== RateLimitSource.RATE_LIMIT_SOURCE_WORKER && now;
      },
      { what: 'the email queue to lose the limit its old workers set' },
    );
    assert.equal(limit.source, RateLimitSource.RATE_LIMIT_SOURCE_SYSTEM);
    assert.ok(limit.perSecond > 100, `the system default, not ${EMAIL_LIMIT}/s: ${limit.perSecond}`);
  });
});
