// The production path: a real Temporal server (temporal-server v1.29.1 on PostgreSQL, SQL advanced
// visibility) and Afterward as it is deployed, one api process and two worker processes sharing a
// PostgreSQL store. Every kind of job runs through the API to real receivers.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { JOB_SEARCH_ATTRIBUTES } from '../../workflows/shared/search-attributes';
import { type Receiver, reply, startReceiver } from '../activities/webhooks/receiver';
import { createTestDatabase } from '../helpers/postgres';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp-sink';
import { waitFor } from '../helpers/wait-for';
import { type Deployment, startDeployment } from './deployment';
import { type TestCluster, startTestCluster } from './test-cluster';

const { IndexedValueType, TaskQueueType } = temporal.api.enums.v1;
const TASK_QUEUE = 'afterward-v1';

describe('Afterward on a Temporal cluster, deployed as api + two workers', () => {
  let cluster: TestCluster;
  let connection: Connection;
  let sink: SmtpSink;
  let receiver: Receiver;
  let taskApp: Receiver;
  let deployment: Deployment;
  let attributesBefore: string[];

  const customAttributes = async () =>
    (await connection.operatorService.listSearchAttributes({ namespace: cluster.namespace })).customAttributes ?? {};
  const closedJob = (id: string) =>
    waitFor(
      async () => {
        const { body } = await deployment.request('GET', `/v1/jobs/${id}`);
        return body.closedAt !== null && body;
      },
      { timeoutMs: 60_000, intervalMs: 250, what: `job ${id} to close` },
    );
  const post = async (path: string, body: unknown) => {
    const answer = await deployment.request('POST', path, body);
    assert.ok(answer.status < 300, `POST ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };

  before(async () => {
    cluster = await startTestCluster({ log: (line) => console.log(`[cluster] ${line}`) });
    connection = await Connection.connect({ address: cluster.address });
    attributesBefore = Object.keys(await customAttributes());
    sink = await startSmtpSink();
    receiver = await startReceiver(reply(204));
    taskApp = await startReceiver(reply(200, { 'content-type': 'application/json' }, '{"done":true}'));
    deployment = await startDeployment({
      address: cluster.address,
      namespace: cluster.namespace,
      databaseUrl: await createTestDatabase(),
      workers: 2,
      env: {
        TEMPORAL_TASK_QUEUE: TASK_QUEUE,
        SMTP_URL: sink.url,
        WEBHOOK_ALLOW_LIST: '127.0.0.1',
        TASK_ALLOWED_ORIGINS: taskApp.origin,
      },
    });
  });
  after(async () => {
    await deployment?.stop();
    await Promise.all([sink?.close(), receiver?.close(), taskApp?.close()]);
    await connection?.close();
    await cluster?.stop();
  });

  it('registers its search attributes on the cluster at start', async () => {
    for (const key of JOB_SEARCH_ATTRIBUTES) assert.ok(!attributesBefore.includes(key.name), `${key.name} before`);
    const attributes = await customAttributes();
    assert.deepEqual(Object.fromEntries(JOB_SEARCH_ATTRIBUTES.map((key) => [key.name, attributes[key.name]])), {
      JobKind: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
      JobTags: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
      JobScheduledFor: IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
      WebhookEndpointId: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
      TaskType: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
      SequenceId: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
      JobPhase: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
    });
    for (const run of [deployment.api, ...deployment.workers])
      assert.doesNotMatch(run.output(), /could not register search attributes/, run.output());
  });

  it('has both worker processes polling the task queue', async () => {
    const identities = (type: temporal.api.enums.v1.TaskQueueType) =>
      waitFor(
        async () => {
          const { pollers } = await connection.workflowService.describeTaskQueue({
            namespace: cluster.namespace,
            taskQueue: { name: TASK_QUEUE },
            taskQueueType: type,
          });
          const seen = new Set((pollers ?? []).map((p) => p.identity!.split('@')[0]));
          return deployment.workers.every((w) => seen.has(String(w.child.pid))) && seen;
        },
        { timeoutMs: 30_000, what: `pollers of both worker processes (type ${type})` },
      );
    for (const type of [TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW, TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY]) {
      const seen = await identities(type);
      assert.ok(!seen.has(String(deployment.api.child.pid)), 'the api process polls nothing');
    }
  });

  it('runs an email, a webhook, a task and an audit event to their receivers', async () => {
    const tag = 'cluster-all-kinds';
    const email = await post('/v1/emails', {
      to: ['ada@example.com'],
      subject: 'On a cluster',
      text: 'Hi',
      tags: [tag],
    });
    const endpoint = await post('/v1/webhook-endpoints', { url: `${receiver.origin}/hooks` });
    const webhook = await post('/v1/webhooks', {
      event: 'invoice.paid',
      payload: { invoice: 'in_cluster' },
      endpointId: endpoint.id,
      tags: [tag],
    });
    await post('/v1/task-types', { name: 'cluster.report', url: `${taskApp.origin}/cluster.report` });
    const task = await post('/v1/tasks/cluster.report', { payload: { report: 7 }, tags: [tag] });
    const event = await post('/v1/audit-events', {
      actor: 'cron',
      action: 'report.generated',
      resource: 'report:cluster',
    });

    for (const id of [email.id, webhook.jobs[0].id, task.id]) {
      const job = await closedJob(id);
      assert.equal(job.status, 'succeeded', `${id}: ${JSON.stringify(job.lastError)}`);
    }
    const [message] = await sink.waitForMessages(1);
    assert.equal(message!.parsed.subject, 'On a cluster');
    assert.equal(message!.parsed.messageId, `<${email.id}@afterward.localhost>`);
    assert.deepEqual(
      receiver.requests.map((r) => [r.path, JSON.parse(r.body).data]),
      [['/hooks', { invoice: 'in_cluster' }]],
    );
    assert.equal(taskApp.requests.length, 1);
    assert.equal(taskApp.requests[0]!.headers['afterward-job-id'], task.id);
    const audit = await waitFor(
      async () => {
        const { body } = await deployment.request('GET', '/v1/audit-events?resource=report:cluster');
        return body.events?.length > 0 && body.events;
      },
      { timeoutMs: 30_000, what: 'the audit event in the store' },
    );
    assert.deepEqual([audit[0].id, audit[0].action], [event.id, 'report.generated']);
  });

  it('lists the jobs with filters through SQL visibility and the custom search attributes', async () => {
    const ids = async (query: string) =>
      waitFor(
        async () => {
          const { status, body } = await deployment.request('GET', `/v1/jobs?${query}`);
          assert.equal(status, 200, JSON.stringify(body));
          return body.jobs.length > 0 && body.jobs.map((j: any) => `${j.kind}:${j.status}`).sort();
        },
        { timeoutMs: 15_000, what: `jobs for ${query}` },
      );
    const tag = 'tag=cluster-all-kinds';
    assert.deepEqual(await ids(tag), ['email:succeeded', 'task:succeeded', 'webhook:succeeded']);
    assert.deepEqual(await ids(`${tag}&kind=email`), ['email:succeeded']);
    assert.deepEqual(await ids(`${tag}&taskType=cluster.report&status=succeeded`), ['task:succeeded']);
    const none = await deployment.request('GET', `/v1/jobs?${tag}&status=failed`);
    assert.deepEqual(none.body.jobs, []);
  });
});
