// The answers /openapi.json documents are the answers the API gives: against the real stack (dev server, worker,
// SMTP sink, HTTP receivers, task app), a representative call of each operation, its body checked by ajv (a JSON
// Schema 2020-12 validator) against the document's schema for the status it came with.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { reply } from '../activities/webhooks/receiver';
import { type AllKindsStack, startAllKindsStack } from '../helpers/all-kinds-stack';
import { uniqueTaskQueue } from '../helpers/temporal';

type Answer = { status: number; headers: Headers; body: any };

const pointer = (...segments: string[]): string =>
  segments.map((s) => encodeURIComponent(s.replace(/~/g, '~0').replace(/\//g, '~1'))).join('/');

describe('the answers of the API', () => {
  let stack: AllKindsStack;
  let doc: any;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const checked = new Map<string, Set<number>>();

  /** Asserts `answer` is what the document says `operationId` answers with its status, and returns it. */
  function conforms(operationId: string, answer: Answer): Answer {
    const found = Object.entries(doc.paths).flatMap(([path, methods]: [string, any]) =>
      Object.entries(methods)
        .filter(([, o]: [string, any]) => o.operationId === operationId)
        .map(([method, o]) => ({ path, method, o: o as any })),
    )[0];
    assert.ok(found, `no operation ${operationId}`);
    const what = `${operationId} ${answer.status}: ${String(JSON.stringify(answer.body)).slice(0, 600)}`;
    const documented = found.o.responses[String(answer.status)];
    assert.ok(documented, `${what}: the status is not documented`);
    assert.ok(answer.headers.get('x-request-id'), `${what}: X-Request-Id`);
    for (const header of Object.keys(documented.headers ?? {}).filter((h) => h !== 'Idempotent-Replayed'))
      if (header !== 'Location' || !Array.isArray(answer.body?.jobs))
        assert.ok(answer.headers.get(header), `${what}: the documented header ${header}`);
    if (answer.status === 204) {
      assert.equal(documented.content, undefined);
    } else {
      const type = (answer.headers.get('content-type') ?? '').split(';')[0]!;
      assert.ok(documented.content?.[type], `${what}: ${type} is not documented`);
      const validate = ajv.getSchema(
        `openapi#/${pointer('paths', found.path, found.method, 'responses', String(answer.status), 'content', type, 'schema')}`,
      );
      assert.ok(validate, `${what}: no schema`);
      assert.ok(validate(answer.body), `${what}: ${ajv.errorsText(validate.errors)}`);
    }
    if (!checked.has(operationId)) checked.set(operationId, new Set());
    checked.get(operationId)!.add(answer.status);
    return answer;
  }
  const call = async (operationId: string, method: string, path: string, body?: unknown, headers?: object) =>
    conforms(operationId, await stack.api.request(method, path, body, headers as Record<string, string>));

  before(async () => {
    stack = await startAllKindsStack('openapi-answers', { retryScheduleMs: [0] });
    stack.handler = reply(200);
    doc = (await stack.api.request('GET', '/openapi.json')).body;
    ajv.addSchema(doc, 'openapi');
  });
  after(() => stack?.close());

  it('are jobs as the start routes and GET /v1/jobs document them', async () => {
    const key = randomUUID();
    const email = { to: ['ada@example.com'], subject: 'Documented', text: 'Hi' };
    const sent = await call('sendEmail', 'POST', '/v1/emails', email, { 'idempotency-key': key });
    const replayed = await call('sendEmail', 'POST', '/v1/emails', email, { 'idempotency-key': key });
    assert.equal(replayed.headers.get('idempotent-replayed'), 'true');
    await call('sendEmail', 'POST', '/v1/emails', { ...email, subject: 'Other' }, { 'idempotency-key': key });
    assert.ok(checked.get('sendEmail')!.has(422));

    const ping = await call('startPing', 'POST', '/v1/pings', { message: 'documented' });
    const sequence = await call('startSequence', 'POST', '/v1/sequences', {
      steps: [{ type: 'ping', input: { message: 'a step' } }],
    });
    for (const id of [sent.body.id, ping.body.id, sequence.body.id]) {
      await stack.closedJob(id, 30_000);
      const job = await call('getJob', 'GET', `/v1/jobs/${id}`);
      assert.equal(job.body.status, 'succeeded');
    }
    await call('listJobs', 'GET', '/v1/jobs?limit=5');
    await call('listJobs', 'GET', '/v1/jobs?kind=ping&status=succeeded');

    const later = await call('sendEmail', 'POST', '/v1/emails', { ...email, delay: '1h' });
    assert.equal(later.body.status, 'scheduled');
    await call('getJob', 'GET', `/v1/jobs/${later.body.id}`);
    await call('rescheduleEmail', 'POST', `/v1/emails/${later.body.id}/reschedule`, { delay: '2h' });
    await call('signalJob', 'POST', `/v1/jobs/${later.body.id}/signals/reschedule`, { delay: '3h' });
    await call('cancelJob', 'POST', `/v1/jobs/${later.body.id}/cancel`);
    await stack.closedJob(later.body.id, 30_000);
    await call('cancelJob', 'POST', `/v1/jobs/${later.body.id}/cancel`);
    assert.ok(checked.get('cancelJob')!.has(409));
    await call('getJob', 'GET', `/v1/jobs/${later.body.id}`);
    await call('retryJob', 'POST', `/v1/jobs/${later.body.id}/retry`);
    await call('replayJobs', 'POST', '/v1/jobs/replay', {
      since: new Date(Date.now() - 3_600_000).toISOString(),
      dryRun: true,
    });
  });

  it('are email batches, their recipients and controls as documented', async () => {
    const batch = await call('sendEmailBatch', 'POST', '/v1/email-batches', {
      template: { subject: 'Documented', text: 'Hi {{ name }}' },
      recipients: [
        { to: 'ada@example.com', data: { name: 'Ada' } },
        { to: 'bob@example.com', data: { name: 'Bob' } },
      ],
      ratePerSecond: 2,
    });
    const id = batch.body.id;
    await call('pauseBatch', 'POST', `/v1/jobs/${id}/pause`);
    await call('resumeBatch', 'POST', `/v1/jobs/${id}/resume`);
    await stack.closedJob(id, 30_000);
    await call('listBatchRecipients', 'GET', `/v1/jobs/${id}/recipients?status=sent&limit=1`);
    await call('retryFailedRecipients', 'POST', `/v1/jobs/${id}/recipients/retry-failed`);
    await call('pauseBatch', 'POST', `/v1/jobs/${id}/pause`);
    assert.ok(checked.get('pauseBatch')!.has(409));
  });

  it('are webhook endpoints, webhooks and their attempts as documented', async () => {
    const created = await call('createWebhookEndpoint', 'POST', '/v1/webhook-endpoints', {
      url: `${stack.receiver.origin}/documented`,
      eventTypes: ['invoice.paid'],
    });
    const id = created.body.id;
    await call('listWebhookEndpoints', 'GET', '/v1/webhook-endpoints');
    await call('getWebhookEndpoint', 'GET', `/v1/webhook-endpoints/${id}`);
    await call('updateWebhookEndpoint', 'PATCH', `/v1/webhook-endpoints/${id}`, { description: 'billing' });
    await call('rotateWebhookEndpointSecret', 'POST', `/v1/webhook-endpoints/${id}/rotate-secret`, {});
    const sent = await call('sendWebhook', 'POST', '/v1/webhooks', {
      event: 'invoice.paid',
      payload: { invoice: 'in_1', lines: [{ amount: 42 }] },
      endpointId: id,
    });
    const jobId = sent.body.jobs[0].id;
    await stack.closedJob(jobId, 30_000);
    await call('getJob', 'GET', `/v1/jobs/${jobId}`);
    await call('listWebhookAttempts', 'GET', `/v1/webhooks/${jobId}/attempts`);
    await call('recoverWebhookDeliveries', 'POST', `/v1/webhook-endpoints/${id}/recover`, {
      since: new Date(Date.now() - 60_000).toISOString(),
    });
    await call('deleteWebhookEndpoint', 'DELETE', `/v1/webhook-endpoints/${id}`);
    await call('getWebhookEndpoint', 'GET', `/v1/webhook-endpoints/${id}`);
    assert.ok(checked.get('getWebhookEndpoint')!.has(404));
  });

  it('are task types and tasks as documented', async () => {
    const name = `documented-${randomUUID().slice(0, 8)}`;
    await call('createTaskType', 'POST', '/v1/task-types', { name, url: `${stack.taskApp.origin}/${name}` });
    await call('listTaskTypes', 'GET', '/v1/task-types');
    await call('updateTaskType', 'PATCH', `/v1/task-types/${name}`, { description: 'documented' });
    await call('getTaskType', 'GET', `/v1/task-types/${name}`);
    const task = await call('enqueueTask', 'POST', `/v1/tasks/${name}`, { payload: { report: 7 } });
    await stack.closedJob(task.body.id, 30_000);
    await call('getJob', 'GET', `/v1/jobs/${task.body.id}`);
    await call('completeTask', 'POST', `/v1/jobs/${task.body.id}/complete`, { result: {} });
    await call('getTaskSigningSecret', 'GET', '/v1/task-signing-secret');
    await call('deleteTaskType', 'DELETE', `/v1/task-types/${name}`);
  });

  it('are audit events, their listing and the chain check as documented', async () => {
    const event = { actor: 'ada', action: 'invoice.sent', resource: 'invoice:1', detail: { total: 42 } };
    await call('recordAuditEvent', 'POST', '/v1/audit-events', event);
    await call('recordAuditEvents', 'POST', '/v1/audit-events/batch', { events: [event, { ...event, actor: 'bob' }] });
    await call('listAuditEvents', 'GET', '/v1/audit-events?limit=5');
    await call('verifyAuditLog', 'GET', '/v1/audit-events/verify');
  });

  it('are schedules as documented', async () => {
    const id = uniqueTaskQueue('documented');
    await call('createSchedule', 'POST', '/v1/schedules', {
      id,
      every: '1h',
      paused: true,
      job: { kind: 'ping', input: { message: 'scheduled' } },
    });
    await call('createSchedule', 'POST', '/v1/schedules', { id, every: '1h', job: { kind: 'ping', input: {} } });
    assert.ok(checked.get('createSchedule')!.has(409));
    await call('listSchedules', 'GET', '/v1/schedules');
    await call('updateSchedule', 'PATCH', `/v1/schedules/${id}`, { every: '2h' });
    await call('unpauseSchedule', 'POST', `/v1/schedules/${id}/unpause`, {});
    await call('pauseSchedule', 'POST', `/v1/schedules/${id}/pause`, { note: 'documented' });
    await call('triggerSchedule', 'POST', `/v1/schedules/${id}/trigger`, {});
    await call('getSchedule', 'GET', `/v1/schedules/${id}`);
    await call('deleteSchedule', 'DELETE', `/v1/schedules/${id}`);
  });

  it('are email templates as documented, and an email sent from one', async () => {
    const name = `documented-${randomUUID().slice(0, 8)}`;
    const template = { name, subject: 'Hi {{ name }}', html: '<p>{{ name }}</p>', sampleData: { name: 'Ada' } };
    const { body: created } = await call('createEmailTemplate', 'POST', '/v1/email-templates', template);
    await call('createEmailTemplate', 'POST', '/v1/email-templates', template);
    assert.ok(checked.get('createEmailTemplate')!.has(409));
    await call('listEmailTemplates', 'GET', '/v1/email-templates?limit=1');
    await call('getEmailTemplate', 'GET', `/v1/email-templates/${name}`);
    await call('updateEmailTemplate', 'PATCH', `/v1/email-templates/${created.id}`, { description: 'documented' });
    await call('previewEmailTemplate', 'POST', `/v1/email-templates/${created.id}/preview`, {});
    await call('previewUnsavedEmailTemplate', 'POST', '/v1/email-templates/preview', { subject: 'x', text: 'y' });
    await call('sendEmail', 'POST', '/v1/emails', { to: ['ada@example.com'], template: name, data: { name: 'Ada' } });
    await call('deleteEmailTemplate', 'DELETE', `/v1/email-templates/${created.id}`);
  });

  it('are problems, health and the codec as documented', async () => {
    await call('startPing', 'POST', '/v1/pings', { message: 42 });
    assert.ok(checked.get('startPing')!.has(400));
    await call('getJob', 'GET', '/v1/jobs/ping-no-such-job');
    assert.ok(checked.get('getJob')!.has(404));
    await call('listJobs', 'GET', '/v1/jobs', undefined, { authorization: '' });
    assert.ok(checked.get('listJobs')!.has(401));
    await call('checkLiveness', 'GET', '/healthz');
    await call('checkReadiness', 'GET', '/readyz');
    await call('encodePayloads', 'POST', '/codec/encode', {
      payloads: [{ metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: 'e30=' }],
    });
  });

  it('cover the operations a client calls most', () => {
    const required = ['sendEmail', 'sendWebhook', 'enqueueTask', 'startPing', 'recordAuditEvent', 'getJob'];
    required.push('listJobs', 'cancelJob', 'createWebhookEndpoint', 'createSchedule', 'listTaskTypes');
    assert.deepEqual(
      required.filter((id) => !checked.has(id)),
      [],
    );
    const operations = Object.values(doc.paths).flatMap((methods: any) => Object.values(methods));
    assert.ok(checked.size >= operations.length * 0.75, `${checked.size} of ${operations.length} operations checked`);
  });
});
