// The job metrics, live: an API process and a worker process (role api, role worker) on one task queue run jobs of
// every kind, and their GET /metrics, and the worker's Temporal SDK endpoint, answer what happened. Every metric the
// Grafana dashboard and the alert rules use must be in those answers.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { generateSecret } from '../../activities/webhooks/signature';
import { JOB_KINDS } from '../../src/kinds';
import { type Handler, type Receiver, reply, startReceiver } from '../activities/webhooks/receiver';
import { type MainProcess, startMain, startWorkerProcess, stopProcess } from '../helpers/main-process';
import { createTestDatabase } from '../helpers/postgres';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp-sink';
import { uniqueTaskQueue } from '../helpers/temporal';
import { testEnv } from '../helpers/test-env';
import { waitFor } from '../helpers/wait-for';
import { type Family, familyOf, metricNamesIn, sampleOf, scrape } from './prometheus-text';

const MONITORING = path.join(__dirname, '..', '..', 'docs', 'monitoring');

describe('job metrics', () => {
  const taskQueue = uniqueTaskQueue('job-metrics');
  const scheduleId = `job-metrics-${taskQueue}`;
  let sink: SmtpSink;
  let hooks: Receiver;
  let taskApp: Receiver;
  let api: MainProcess;
  let worker: MainProcess;
  let hookReplies: Handler[] = [];
  const apiUrl = () => `http://127.0.0.1:${api.httpPort}`;

  const request = async (method: string, route: string, body?: unknown): Promise<any> => {
    const response = await fetch(apiUrl() + route, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (response.status >= 300) throw new Error(`${method} ${route}: ${response.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  const closed = (id: string) =>
    waitFor(
      async () => {
        const job = await request('GET', `/v1/jobs/${id}`);
        return job.closedAt !== null && job;
      },
      { timeoutMs: 30_000, what: `job ${id} to close` },
    );
  /** Starts one job; a webhook's answer lists one job per endpoint. */
  const run = async (route: string, body: object): Promise<any> => {
    const accepted = await request('POST', route, body);
    return closed(accepted.id ?? accepted.jobs[0].id);
  };

  before(async () => {
    sink = await startSmtpSink();
    hooks = await startReceiver((req, res) => (hookReplies.shift() ?? reply(200))(req, res));
    taskApp = await startReceiver(reply(200, { 'content-type': 'application/json' }, '{"done":true}'));
    const shared = {
      TEMPORAL_ADDRESS: testEnv('AFTERWARD_TEST_TEMPORAL_ADDRESS'),
      TEMPORAL_TASK_QUEUE: taskQueue,
      DATABASE_URL: await createTestDatabase(),
      WEBHOOK_ALLOW_LIST: '127.0.0.1',
      WEBHOOK_RETRY_SCHEDULE: '0,100ms',
      EMAIL_RETRY_INITIAL: '100ms',
      TASK_ALLOWED_ORIGINS: taskApp.origin,
      TASK_SIGNING_SECRET: generateSecret(),
      TASK_TYPES_REFRESH: '500ms',
    };
    api = await startMain({
      ...shared,
      AFTERWARD_ROLE: 'api',
      AUTH_DISABLED: 'true',
      AFTERWARD_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'afterward-metrics-api-')),
    });
    await waitFor(() => api.output().includes('Afterward is running'), {
      timeoutMs: 60_000,
      what: `the API to start; output so far:\n${api.output()}`,
    });
    worker = await startWorkerProcess({ ...shared, SMTP_URL: sink.url });
  });
  after(async () => {
    await fetch(`${apiUrl()}/v1/schedules/${scheduleId}`, { method: 'DELETE' }).catch(() => undefined);
    for (const p of [worker, api]) if (p) assert.equal(await stopProcess(p), 0, p.output());
    await Promise.all([sink?.close(), hooks?.close(), taskApp?.close()]);
  });

  it('counts every kind of job, its outcome, duration and attempts, and the webhook and SMTP answers', async () => {
    // Every kind, once: a new kind needs a line here.
    const email = { to: ['ada@example.com'], subject: 'Metrics', text: 'Hi' };
    const endpoint = await request('POST', '/v1/webhook-endpoints', { url: `${hooks.origin}/hooks` });
    await request('POST', '/v1/task-types', { name: 'metrics.report', url: `${taskApp.origin}/report` });
    await request('POST', '/v1/schedules', {
      id: scheduleId,
      cron: '0 3 * * *',
      job: { kind: 'audit', input: { actor: 'cron', action: 'metrics.checked', resource: 'report:daily' } },
    });
    const outcomes: Record<string, string[]> = {
      ping: [(await run('/v1/pings', {})).status],
      email: [(await run('/v1/emails', email)).status],
      webhook: [],
      sequence: [(await run('/v1/sequences', { steps: [{ type: 'ping', input: { message: 'a step' } }] })).status],
      task: [(await run('/v1/tasks/metrics.report', { payload: { n: 1 } })).status],
      audit: [],
      batch: [
        (
          await run('/v1/email-batches', {
            template: { subject: 'Metrics', text: 'Hi {{ name }}' },
            recipients: [{ to: 'ada@example.com', data: { name: 'Ada' } }],
          })
        ).status,
      ],
    };
    await request('POST', `/v1/schedules/${scheduleId}/trigger`);
    const audit = await waitFor(async () => (await request('GET', `/v1/schedules/${scheduleId}`)).recentRuns?.[0], {
      what: "the schedule's run",
    });
    outcomes.audit!.push((await closed(audit.jobId)).status);
    assert.deepEqual(Object.keys(outcomes).sort(), JOB_KINDS.map((k) => k.name).sort(), 'a job of every kind');

    // A webhook answered 503, then 200 on its second attempt.
    hookReplies = [reply(503), reply(200)];
    const webhook = await run('/v1/webhooks', { event: 'invoice.paid', payload: { n: 1 }, endpointId: endpoint.id });
    outcomes.webhook!.push(webhook.status);
    assert.equal(webhook.attempts, 2);
    // An email refused for now (451), sent on its second attempt; one refused for good (550).
    sink.replyNext(451, 'Try again later');
    const retried = await run('/v1/emails', email);
    assert.equal(retried.attempts, 2);
    sink.replyNext(550, 'No such user');
    const refused = await run('/v1/emails', email);
    assert.deepEqual([retried.status, refused.status], ['succeeded', 'failed']);
    // Two emails for later: one cancelled (the worker sees it), one terminated (only the API does).
    const later = { ...email, delay: '1h' };
    const cancelled = await request('POST', '/v1/emails', later);
    const terminated = await request('POST', '/v1/emails', later);
    await waitFor(async () => (await request('GET', `/v1/jobs/${cancelled.id}`)).status === 'scheduled');
    await waitFor(async () => (await request('GET', `/v1/jobs/${terminated.id}`)).status === 'scheduled');
    await request('POST', `/v1/jobs/${cancelled.id}/cancel`);
    await request('POST', `/v1/jobs/${terminated.id}/terminate`, { reason: 'metrics test' });
    assert.equal((await closed(cancelled.id)).status, 'cancelled');
    assert.equal((await closed(terminated.id)).status, 'terminated');
    for (const [kind, statuses] of Object.entries(outcomes))
      assert.deepEqual(statuses, ['succeeded'], `the ${kind} job succeeded`);

    const workerMetrics = `http://127.0.0.1:${worker.httpPort}/metrics`;
    // Attempts read from a history land a moment after the close.
    const families = await waitFor(
      async () => {
        const f = await scrape(workerMetrics);
        return sampleOf(f, 'afterward_job_attempts', { kind: 'email' })?.count === 4 && f;
      },
      { what: 'the attempts of the four closed emails' },
    );
    const value = (name: string, labels: Record<string, string>) => sampleOf(families, name, labels)?.value;
    const started = Object.fromEntries(
      JOB_KINDS.map((k) => [k.name, value('afterward_jobs_started_total', { kind: k.name })]),
    );
    // The sequence's step is a child workflow, part of the sequence's job: no job of its own.
    assert.deepEqual(started, { ping: 1, email: 5, webhook: 1, audit: 1, task: 1, sequence: 1, batch: 1 });
    const closedCounts = Object.fromEntries(
      (families.get('afterward_jobs_closed_total')?.data ?? []).map((s) => [
        `${s.labels.kind} ${s.labels.status}`,
        s.value,
      ]),
    );
    assert.deepEqual(closedCounts, {
      'ping succeeded': 1,
      'email succeeded': 2,
      'email failed': 1,
      'email cancelled': 1,
      'webhook succeeded': 1,
      'sequence succeeded': 1,
      'task succeeded': 1,
      'audit succeeded': 1,
      'batch succeeded': 1,
    });
    for (const [kind, count] of [
      ['ping', 1],
      ['email', 4],
      ['webhook', 1],
      ['sequence', 1],
      ['task', 1],
      ['audit', 1],
      ['batch', 1],
    ] as const)
      assert.equal(sampleOf(families, 'afterward_job_duration_seconds', { kind })?.count, count, `${kind} durations`);
    // Attempts: 1 + 2 + 1 + 0 (the cancelled one never tried) for the emails; the webhook's 2, as its job reports them.
    const attempts = (kind: string) => {
      const s = sampleOf(families, 'afterward_job_attempts', { kind });
      return s && [s.count, s.sum];
    };
    assert.deepEqual(
      ['ping', 'email', 'webhook', 'task', 'audit', 'sequence'].map(attempts),
      [[1, 1], [4, 4], [1, 2], [1, 1], [1, 1], undefined],
      'a sequence has no attempts of its own',
    );
    assert.equal(value('afterward_webhook_attempts_total', { status_class: '5xx' }), 1);
    assert.equal(value('afterward_webhook_attempts_total', { status_class: '2xx' }), 1);
    assert.deepEqual(
      ['2xx', '4xx', '5xx'].map((codeClass) => value('afterward_smtp_replies_total', { code_class: codeClass })),
      [2, 1, 1],
    );

    const apiFamilies = await waitFor(
      async () => {
        const f = await scrape(`${apiUrl()}/metrics`);
        return sampleOf(f, 'afterward_schedule_actions', { schedule: scheduleId, outcome: 'taken' })?.value === 1 && f;
      },
      { timeoutMs: 30_000, what: "the schedule's run in afterward_schedule_actions" },
    );
    assert.equal(
      sampleOf(apiFamilies, 'afterward_jobs_closed_total', { kind: 'email', status: 'terminated' })?.value,
      1,
    );
    assert.equal(sampleOf(apiFamilies, 'afterward_jobs_started_total'), undefined, 'the API starts no workflow itself');
    for (const outcome of ['skipped_overlap', 'missed_catchup_window'])
      assert.equal(sampleOf(apiFamilies, 'afterward_schedule_actions', { schedule: scheduleId, outcome })?.value, 0);
    assert.equal(sampleOf(apiFamilies, 'afterward_webhook_endpoints', { state: 'healthy' })?.value, 1);
  });

  it('shows webhook endpoints by state, and the audit writers backlog', async () => {
    const endpoint = await request('POST', '/v1/webhook-endpoints', { url: `${hooks.origin}/off` });
    await request('PATCH', `/v1/webhook-endpoints/${endpoint.id}`, { enabled: false });
    await request('POST', '/v1/audit-events', { actor: 'ada', action: 'invoice.paid', resource: 'invoice:1' });
    const families = await waitFor(
      async () => {
        const f = await scrape(`${apiUrl()}/metrics`);
        return sampleOf(f, 'afterward_webhook_endpoints', { state: 'disabled', reason: 'manual' })?.value === 1 && f;
      },
      { timeoutMs: 30_000, what: 'the disabled endpoint in afterward_webhook_endpoints' },
    );
    assert.equal(sampleOf(families, 'afterward_webhook_endpoints', { state: 'disabled', reason: 'gone' })?.value, 0);
    assert.equal(sampleOf(families, 'afterward_audit_queue_events')?.value, 0, 'the event was handed to its writer');
    const writers = families.get('afterward_audit_writer_history_events')?.data ?? [];
    assert.ok(writers.length >= 1, 'one series per writer shard');
    assert.equal(families.get('afterward_audit_writer_backlogged')?.data.filter((s) => s.value !== 0).length, 0);
  });

  it('serves /healthz and /metrics in role worker, and the Temporal SDK metrics on WORKER_METRICS_ADDRESS', async () => {
    const base = `http://127.0.0.1:${worker.httpPort}`;
    assert.deepEqual(await (await fetch(`${base}/healthz`)).json(), { status: 'ok' });
    assert.equal((await fetch(`${base}/v1/jobs`)).status, 404, 'no API in role worker');
    const sdk = await scrape(`http://${worker.metricsAddress}/metrics`);
    assert.ok(sdk.has('temporal_worker_task_slots_available'), [...sdk.keys()].join(' '));
  });

  it('has every metric the Grafana dashboard and the alert rules use', async () => {
    const live = new Map<string, Family>([
      ...(await scrape(`${apiUrl()}/metrics`)),
      ...(await scrape(`http://127.0.0.1:${worker.httpPort}/metrics`)),
      ...(await scrape(`http://${worker.metricsAddress}/metrics`)),
    ]);
    const names = new Set(live.keys());
    const dashboard = JSON.parse(fs.readFileSync(path.join(MONITORING, 'grafana-dashboard.json'), 'utf8'));
    const panelExprs: string[] = dashboard.panels.flatMap((p: any) => (p.targets ?? []).map((t: any) => t.expr));
    const rules = parse(fs.readFileSync(path.join(MONITORING, 'alerts.yml'), 'utf8'));
    assert.ok(Array.isArray(rules.groups) && rules.groups.length > 0, 'groups');
    const ruleExprs: string[] = [];
    for (const group of rules.groups) {
      assert.equal(typeof group.name, 'string');
      assert.ok(Array.isArray(group.rules) && group.rules.length > 0, `rules of ${group.name}`);
      for (const rule of group.rules) {
        assert.match(rule.alert, /^Afterward[A-Za-z]+$/);
        assert.equal(typeof rule.expr, 'string', rule.alert);
        if (rule.for !== undefined) assert.match(rule.for, /^\d+[smhd]$/, rule.alert);
        assert.match(rule.labels?.severity, /^(critical|warning|info)$/, rule.alert);
        assert.equal(typeof rule.annotations?.summary, 'string', rule.alert);
        ruleExprs.push(rule.expr);
      }
    }
    assert.ok(panelExprs.length >= 10 && ruleExprs.length >= 5);
    const used = new Set([...panelExprs, ...ruleExprs].flatMap(metricNamesIn).map((n) => familyOf(n, names)));
    assert.deepEqual(
      [...used].filter((n) => !names.has(n)),
      [],
      'metrics the dashboard or the alerts use but no process serves',
    );
    for (const name of ['afterward_jobs_closed_total', 'afterward_webhook_endpoints', 'afterward_schedule_actions'])
      assert.ok(used.has(name), `${name} is on the dashboard or in an alert`);
  });
});
