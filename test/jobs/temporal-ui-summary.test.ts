// What the Temporal UI and CLI say of each job: its static summary and details, read back with the real
// `temporal workflow describe`, for a job of every kind, a sequence's step, a schedule's run and the internal workflows.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { auditShard, auditWriterId } from '../../src/audit/audit-recorder';
import { loadConfig } from '../../src/config';
import { JOB_KINDS } from '../../src/kinds';
import { reply } from '../activities/webhooks/receiver';
import { type AllKindsStack, startAllKindsStack } from '../helpers/all-kinds-stack';
import { testEnv } from '../helpers/test-env';
import { waitFor } from '../helpers/wait-for';
import { waitForRuns } from '../schedules/schedule-helpers';

const run = promisify(execFile);

interface Payload {
  data?: string;
}

/** The summary and details as `temporal workflow describe --output json` prints them (JSON payloads). */
async function describedMetadata(workflowId: string): Promise<{ summary?: string; details?: string }> {
  const { stdout } = await run(
    testEnv('AFTERWARD_TEST_TEMPORAL_CLI'),
    [
      'workflow',
      'describe',
      '--workflow-id',
      workflowId,
      '--output',
      'json',
      '--address',
      testEnv('AFTERWARD_TEST_TEMPORAL_ADDRESS'),
    ],
    { timeout: 30_000 },
  );
  const metadata = JSON.parse(stdout).executionConfig?.userMetadata as
    { summary?: Payload | string; details?: Payload | string } | undefined;
  const text = (p: Payload | string | undefined): string | undefined =>
    typeof p === 'string' || p === undefined
      ? p
      : p.data === undefined
        ? undefined
        : JSON.parse(Buffer.from(p.data, 'base64').toString('utf8'));
  return { summary: text(metadata?.summary), details: text(metadata?.details) };
}

describe('jobs in the Temporal UI', () => {
  let stack: AllKindsStack;
  let endpointId: string;
  let jobEventsEndpoint: string;

  /** A request of each kind with a start route, and the summary its job shows. */
  const STARTS: Record<string, { body: () => object; summary: () => RegExp }> = {
    ping: { body: () => ({ message: 'ui check' }), summary: () => /^ping · "ui check"$/ },
    email: {
      body: () => ({ to: ['ada@example.com'], subject: 'Welcome', text: 'the body' }),
      summary: () => /^email · 1 recipient · "Welcome"$/,
    },
    webhook: {
      body: () => ({ event: 'invoice.paid', payload: { card: '4242' }, endpointId }),
      summary: () => new RegExp(`^webhook · invoice\\.paid → ${endpointId}$`),
    },
    task: { body: () => ({ type: 'ui.check', payload: { n: 1 } }), summary: () => /^task · ui\.check$/ },
    sequence: {
      body: () => ({ steps: [{ type: 'email', input: { to: ['ada@example.com'], subject: 'Step', text: 'x' } }] }),
      summary: () => /^sequence · 1 step: email$/,
    },
    batch: {
      body: () => ({
        template: { subject: 'Digest', text: 'the body {{ name }}' },
        recipients: [{ to: 'ada@example.com', data: { name: 'Ada' } }],
      }),
      summary: () => /^batch · 1 recipient · "Digest"$/,
    },
  };

  before(async () => {
    stack = await startAllKindsStack('ui-summary', { retryScheduleMs: [0] });
    stack.handler = reply(200);
    endpointId = (await stack.createEndpoint()).id;
    // Told of every job's close: each close starts a publisher, an internal workflow.
    jobEventsEndpoint = (await stack.createEndpoint({ eventTypes: ['job.succeeded'] }, '/job-events')).id;
    await stack.registerTaskType('ui.check');
  });
  after(() => stack.close());

  it('has a start request here for every kind with a start route', () => {
    for (const kind of JOB_KINDS.filter((k) => k.start)) assert.ok(STARTS[kind.name], `no start for ${kind.name}`);
  });

  for (const kind of JOB_KINDS.filter((k) => k.start)) {
    it(`${kind.name}: its job says what it is, its details list its summary, never the payload or addresses`, async () => {
      const start = STARTS[kind.name]!;
      const r = await stack.api.request(
        'POST',
        (kind.start!.path as string).replace(':type', 'ui.check'),
        { ...start.body(), tags: ['ui-check'] },
        { 'idempotency-key': `ui-${kind.name}-${Date.now()}` },
      );
      assert.equal(r.status, 202, JSON.stringify(r.body));
      const id: string = r.body.id ?? r.body.jobs[0].id;
      const { summary, details } = await describedMetadata(id);
      assert.match(summary ?? '', start.summary());
      assert.match(details ?? '', new RegExp(`^\\*\\*Afterward ${kind.name} job\\*\\*`));
      assert.match(details ?? '', /- \*\*tags\*\*: ui\\-check/);
      assert.match(details ?? '', /- \*\*Idempotency\\-Key\*\*: ui\\-/);
      assert.doesNotMatch(`${summary}${details}`, /ada@example\.com|the body|4242/);
      assert.equal((await stack.closedJob(id, 30_000)).status, 'succeeded');
    });
  }

  it("a sequence's step says whose step it is", async () => {
    const r = await stack.api.request('POST', '/v1/sequences', STARTS.sequence!.body());
    assert.equal((await stack.closedJob(r.body.id, 30_000)).status, 'succeeded');
    const step = await describedMetadata(`${r.body.id}-step1`);
    assert.equal(step.summary, 'step 1 · email · 1 recipient · "Step"');
    assert.match(step.details ?? '', new RegExp(`- \\*\\*sequence\\*\\*: ${r.body.id.replace('-', '\\\\-')}`));
  });

  it("an audit schedule's run (the one way to start an audit job) says what it records and which schedule", async () => {
    const id = `ui-audit-${Date.now()}`;
    const created = await stack.api.request('POST', '/v1/schedules', {
      id,
      every: '1h',
      paused: true,
      job: { kind: 'audit', input: { actor: 'cron', action: 'report.generated', resource: 'report:daily' } },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    try {
      assert.equal((await stack.api.request('POST', `/v1/schedules/${id}/trigger`)).status, 202);
      const [scheduled] = (await waitForRuns(stack.api, id, 1, 10_000)).recentRuns;
      const { summary, details } = await describedMetadata(scheduled.jobId);
      assert.equal(summary, 'audit · report.generated report:daily');
      assert.match(details ?? '', new RegExp(`- \\*\\*schedule\\*\\*: ${id.replaceAll('-', '\\\\-')}`));
    } finally {
      await stack.api.request('DELETE', `/v1/schedules/${id}`);
    }
  });

  it('a retry keeps the summary and names the run it retries', async () => {
    stack.handler = reply(500);
    const r = await stack.api.request('POST', '/v1/webhooks', { event: 'order.failed', payload: {}, endpointId });
    const id: string = r.body.jobs[0].id;
    const failed = await stack.closedJob(id, 30_000);
    assert.equal(failed.status, 'failed');
    stack.handler = reply(200);
    const retried = await stack.api.request('POST', `/v1/jobs/${id}/retry`);
    assert.equal(retried.status, 202, JSON.stringify(retried.body));
    const { summary, details } = await describedMetadata(id);
    assert.equal(summary, `webhook · order.failed → ${endpointId}`);
    assert.match(details ?? '', /- \*\*retry of run\*\*: /);
  });

  it("marks Afterward's internal workflows: the audit writers and the publishers of job events", async () => {
    const eventId = `evt-ui-${Date.now()}`;
    const recorded = await stack.api.request('POST', '/v1/audit-events', {
      id: eventId,
      actor: 'ada',
      action: 'invoice.paid',
      resource: 'invoice:42',
    });
    assert.equal(recorded.status, 202, JSON.stringify(recorded.body));
    const shards = loadConfig({}).audit.writerShards;
    const writer = await describedMetadata(auditWriterId(stack.taskQueue, auditShard(eventId, shards)));
    assert.match(
      writer.summary ?? '',
      /^internal · audit writer \d+ of \d+: inserts the audit events it is signalled$/,
    );
    assert.match(writer.details ?? '', /internal workflow\*\*: not a job/);

    const ping = await stack.api.request('POST', '/v1/pings', { message: 'told' });
    await stack.closedJob(ping.body.id, 30_000);
    const { runId } = await stack.env.client.workflow.getHandle(ping.body.id).describe();
    const publisher = await waitFor(
      async () => {
        const found = await describedMetadata(`job-events-${runId}`).catch(() => undefined);
        return found?.summary ? found : undefined;
      },
      { what: `the publisher of ${ping.body.id}'s close` },
    );
    assert.equal(publisher.summary, `internal · publishes job.succeeded of ${ping.body.id}`);
    // What it starts are jobs: webhook deliveries, which say so.
    const delivery = await waitFor(
      async () => (await describedMetadata(`jobevent-${runId}-${jobEventsEndpoint}`).catch(() => undefined))?.summary,
      { what: `the delivery of ${ping.body.id}'s close` },
    );
    assert.equal(delivery, `webhook · job.succeeded → ${jobEventsEndpoint}`);
  });
});
