// POST /v1/email-batches end to end: API → dev server → worker → SMTP over TCP to a sink, recipients in SQLite.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Afterward } from '../../src/client';
import { sendEmailBatch } from '../../workflows/send-email-batch';
import { emailMessageId } from '../../workflows/shared/message-id';
import { countWorkflows, type EmailStack, startEmailStack, TEST_EMAIL_CONFIG } from '../helpers/email-stack';
import { waitFor } from '../helpers/wait-for';
import { allRecipients, batchRequest, closedBatch, deliveriesById, postBatch } from './batch-stack';

describe('email batches', () => {
  let stack: EmailStack;
  let stopWorker: () => Promise<void>;

  before(async () => {
    stack = await startEmailStack('email-batches');
    stopWorker = (await stack.startWorker()).stop;
  });
  after(async () => {
    await stopWorker();
    await stack.close();
  });

  it('refuses too many recipients, a bad address and a missing variable, naming the field, and starts nothing', async () => {
    const before = await countWorkflows(stack.env, stack.taskQueue);
    const tooMany = await stack.api.request('POST', '/v1/email-batches', batchRequest(10_001));
    assert.equal(tooMany.status, 400, JSON.stringify(tooMany.body));
    assert.equal(tooMany.body.errors[0].field, 'recipients');
    assert.match(tooMany.body.errors[0].message, /at most 10000/);

    const badAddress = batchRequest(3);
    badAddress.recipients[1]!.to = 'not an address';
    const bad = await stack.api.request('POST', '/v1/email-batches', badAddress);
    assert.equal(bad.status, 400, JSON.stringify(bad.body));
    assert.deepEqual(
      bad.body.errors.map((e: any) => e.field),
      ['recipients[1].to'],
    );

    const missing = batchRequest(20);
    delete (missing.recipients[17]!.data as Record<string, unknown>).name;
    const lacks = await stack.api.request('POST', '/v1/email-batches', missing);
    assert.equal(lacks.status, 400, JSON.stringify(lacks.body));
    assert.deepEqual(
      lacks.body.errors.map((e: any) => e.field),
      ['recipients[17].data.name'],
    );

    const broken = await stack.api.request('POST', '/v1/email-batches', {
      ...batchRequest(1),
      template: { subject: 'Hi', text: '{% if %}' },
    });
    assert.equal(broken.status, 400, JSON.stringify(broken.body));
    assert.equal(broken.body.errors[0].field, 'template.text');
    assert.equal(await countWorkflows(stack.env, stack.taskQueue), before);
  });

  it('sends a few hundred messages, each once with its own Message-ID and data, and shows the progress', async () => {
    const id = await postBatch(stack.api, 300, { ratePerSecond: 1000 });
    const job = await closedBatch(stack.api, id);
    assert.equal(job.status, 'succeeded', JSON.stringify(job.lastError));
    assert.equal(job.kind, 'batch');
    assert.deepEqual(job.progress, { total: 300, sent: 300, failed: 0, pending: 0, paused: false });
    assert.deepEqual(job.result, { total: 300, sent: 300, failed: 0, pending: 0 });
    const counts = deliveriesById(stack.sink, id);
    assert.equal(counts.size, 300);
    assert.ok([...counts.values()].every((n) => n === 1));
    const r17 = stack.sink.messages.find((m) => m.parsed.messageId === `<${id}-17@afterward.localhost>`)!;
    assert.deepEqual(r17.envelope.to, ['r17@example.com']);
    assert.equal(r17.parsed.subject, 'Hello R17');
    assert.match(r17.parsed.text!, /Dear R17, number 17\./);
    const sent = await allRecipients(stack.api, id, 'sent');
    assert.equal(sent.length, 300);
    assert.deepEqual(Object.keys(sent[17]).sort(), [
      'attempts',
      'dueAt',
      'error',
      'index',
      'messageId',
      'sendAt',
      'sentAt',
      'smtpCode',
      'status',
      'to',
    ]);
    assert.equal(sent[17].attempts, 1);
    assert.equal(sent[17].messageId, `<${id}-17@afterward.localhost>`);
  });

  it('lists failed recipients by status, in pages, and retry-failed sends them again with the same Message-IDs', async () => {
    stack.sink.replyNext(550, 'No such user', 5, { at: 'RCPT' });
    const id = await postBatch(stack.api, 40, { ratePerSecond: 1000 });
    const job = await closedBatch(stack.api, id);
    assert.equal(job.status, 'succeeded');
    assert.deepEqual(job.progress, { total: 40, sent: 35, failed: 5, pending: 0, paused: false });

    const first = await stack.api.request('GET', `/v1/jobs/${id}/recipients?status=failed&limit=2`);
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.equal(first.body.recipients.length, 2);
    assert.ok(first.body.nextCursor);
    const failed = await allRecipients(stack.api, id, 'failed');
    assert.equal(failed.length, 5);
    assert.deepEqual(
      first.body.recipients.map((r: any) => r.index),
      failed.slice(0, 2).map((r) => r.index),
    );
    for (const r of failed) {
      assert.equal(r.smtpCode, 550);
      assert.match(r.error, /No such user/);
      assert.equal(r.sentAt, null);
    }
    const bogus = await stack.api.request('GET', `/v1/jobs/${id}/recipients?cursor=nonsense`);
    assert.equal(bogus.status, 400);
    assert.equal(bogus.body.errors[0].field, 'cursor');

    const retried = await stack.api.request('POST', `/v1/jobs/${id}/recipients/retry-failed`, {});
    assert.equal(retried.status, 202, JSON.stringify(retried.body));
    assert.equal(retried.body.requeued, 5);
    await waitFor(async () => (await allRecipients(stack.api, id, 'sent')).length === 40, {
      timeoutMs: 30_000,
      what: 'the failed recipients to be sent',
    });
    const again = await closedBatch(stack.api, id);
    assert.equal(again.status, 'succeeded');
    assert.deepEqual(again.progress, { total: 40, sent: 40, failed: 0, pending: 0, paused: false });
    assert.equal(again.retryOf !== null, true, 'the new run names the one it follows');
    const counts = deliveriesById(stack.sink, id);
    assert.equal(counts.size, 40);
    for (const r of failed) {
      assert.equal(counts.get(r.messageId), 1, `${r.messageId} delivered once, after its refusal`);
      assert.equal((await allRecipients(stack.api, id)).find((x) => x.index === r.index).attempts, 2);
    }
    const events = await stack.store.audit.list({ resource: `job:${id}` });
    assert.deepEqual(
      events.events.map((e) => e.action),
      ['job.recipients_retried'],
    );
  });

  it('pauses after the chunk under way and resumes where it stopped', async () => {
    const id = await postBatch(stack.api, 60, { ratePerSecond: 20 });
    await waitFor(() => deliveriesById(stack.sink, id).size >= 5, { timeoutMs: 20_000, what: '5 messages' });
    const paused = await stack.api.request('POST', `/v1/jobs/${id}/pause`, {});
    assert.equal(paused.status, 200, JSON.stringify(paused.body));
    // The chunk under way is a second of sends at most; after it nothing goes out.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const atPause = deliveriesById(stack.sink, id).size;
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    assert.equal(deliveriesById(stack.sink, id).size, atPause, 'nothing is sent while paused');
    assert.ok(atPause < 60, `${atPause} sent before the pause`);
    const job = (await stack.api.request('GET', `/v1/jobs/${id}`)).body;
    assert.equal(job.status, 'running');
    assert.equal(job.progress.paused, true);
    assert.equal(job.progress.sent, atPause);

    const resumed = await stack.api.request('POST', `/v1/jobs/${id}/resume`, {});
    assert.equal(resumed.status, 200, JSON.stringify(resumed.body));
    const done = await closedBatch(stack.api, id);
    assert.equal(done.status, 'succeeded');
    assert.equal(deliveriesById(stack.sink, id).size, 60);
    const actions = (await stack.store.audit.list({ resource: `job:${id}` })).events.map((e) => e.action);
    assert.deepEqual(actions.sort(), ['job.paused', 'job.resumed']);
    const late = await stack.api.request('POST', `/v1/jobs/${id}/pause`, {});
    assert.equal(late.status, 409, JSON.stringify(late.body));
  });

  it('cancels: the sends under way are recorded, the rest stay pending and are never sent', async () => {
    const id = await postBatch(stack.api, 80, { ratePerSecond: 20 });
    await waitFor(() => deliveriesById(stack.sink, id).size >= 5, { timeoutMs: 20_000, what: '5 messages' });
    const cancelled = await stack.api.request('POST', `/v1/jobs/${id}/cancel`, {});
    assert.equal(cancelled.status, 202, JSON.stringify(cancelled.body));
    const job = await closedBatch(stack.api, id);
    assert.equal(job.status, 'cancelled');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const delivered = deliveriesById(stack.sink, id).size;
    assert.ok(delivered < 80, `${delivered} sent`);
    assert.equal((await allRecipients(stack.api, id, 'sent')).length, delivered, 'every send is recorded');
    assert.equal((await allRecipients(stack.api, id, 'pending')).length, 80 - delivered);
  });

  it('holds a recipient with a later sendAt until then, on a durable timer', async () => {
    const sendAt = new Date(Date.now() + 4_000).toISOString();
    const id = await postBatch(stack.api, 4, { ratePerSecond: 100, extra: (i) => (i === 2 ? { sendAt } : {}) });
    await waitFor(() => deliveriesById(stack.sink, id).size === 3, { timeoutMs: 20_000, what: 'the 3 due now' });
    const waiting = await waitFor(
      async () => {
        const { body } = await stack.api.request('GET', `/v1/jobs/${id}`);
        return body.status === 'scheduled' && body;
      },
      { what: 'the batch to wait, scheduled for its next recipient' },
    );
    assert.equal(waiting.scheduledFor, sendAt);
    assert.equal(waiting.closedAt, null);
    const [pending] = await allRecipients(stack.api, id, 'pending');
    assert.equal(pending.index, 2);
    assert.equal(pending.sendAt, sendAt);
    const job = await closedBatch(stack.api, id);
    assert.equal(job.status, 'succeeded');
    const late = stack.sink.messages.find((m) => m.parsed.messageId === `<${id}-2@afterward.localhost>`)!;
    assert.ok(late.receivedAt >= Date.parse(sendAt), 'not before its sendAt');
  });

  it('sends a stored template by templateId as it was when the batch was accepted, whatever edits follow', async () => {
    const name = `batch-digest-${Date.now()}`;
    const created = await stack.api.request('POST', '/v1/email-templates', {
      name,
      subject: 'Digest for {{ name }}',
      text: 'Hi {{ name }}',
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const unknown = await stack.api.request('POST', '/v1/email-batches', {
      templateId: 'no-such-template',
      recipients: [{ to: 'ada@example.com', data: { name: 'Ada' } }],
    });
    assert.equal(unknown.status, 400, JSON.stringify(unknown.body));
    assert.equal(unknown.body.errors[0].field, 'templateId');
    const lacking = await stack.api.request('POST', '/v1/email-batches', {
      templateId: name,
      recipients: [
        { to: 'ada@example.com', data: { name: 'Ada' } },
        { to: 'bob@example.com', data: {} },
      ],
    });
    assert.equal(lacking.status, 400, JSON.stringify(lacking.body));
    assert.equal(lacking.body.errors[0].field, 'recipients[1].data.name');

    const sendAt = new Date(Date.now() + 3_000).toISOString();
    const r = await stack.api.request('POST', '/v1/email-batches', {
      templateId: name,
      recipients: [
        { to: 'ada@example.com', data: { name: 'Ada' } },
        { to: 'bob@example.com', data: { name: 'Bob' }, sendAt },
      ],
    });
    assert.equal(r.status, 202, JSON.stringify(r.body));
    const id: string = r.body.id;
    assert.deepEqual(r.body.input.template, { id: created.body.id, name });
    await waitFor(() => deliveriesById(stack.sink, id).size === 1, { timeoutMs: 20_000, what: 'the first message' });
    const edited = await stack.api.request('PATCH', `/v1/email-templates/${created.body.id}`, { subject: 'Changed' });
    assert.equal(edited.status, 200, JSON.stringify(edited.body));
    assert.equal((await closedBatch(stack.api, id)).status, 'succeeded');
    const subjects = stack.sink.messages
      .filter((m) => m.parsed.messageId?.startsWith(`<${id}-`))
      .map((m) => m.parsed.subject)
      .sort();
    assert.deepEqual(subjects, ['Digest for Ada', 'Digest for Bob']);
  });

  it('answers the first batch again for a repeated Idempotency-Key, and writes it once', async () => {
    const headers = { 'idempotency-key': `batch-${Date.now()}` };
    const body = batchRequest(3, { ratePerSecond: 100 });
    const first = await stack.api.request('POST', '/v1/email-batches', body, headers);
    const again = await stack.api.request('POST', '/v1/email-batches', body, headers);
    assert.deepEqual([first.status, again.status], [202, 202], JSON.stringify(again.body));
    assert.equal(again.body.id, first.body.id);
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    const other = await stack.api.request('POST', '/v1/email-batches', batchRequest(4), headers);
    assert.equal(other.status, 422, JSON.stringify(other.body));
    assert.equal((await closedBatch(stack.api, first.body.id)).status, 'succeeded');
    assert.equal(deliveriesById(stack.sink, first.body.id).size, 3);
    assert.equal((await allRecipients(stack.api, first.body.id)).length, 3);
  });

  it('continues as new every chunksPerRun chunks, carrying nothing but its counters, and sends each recipient once', async () => {
    const id = `batch-can${Date.now()}`;
    await stack.store.emailBatches.create({
      id,
      template: { subject: 'Run {{ n }}', text: 'x' },
      ratePerSecond: 10,
      requestHash: id,
      recipients: Array.from({ length: 30 }, (_, n) => ({
        to: `c${n}@example.com`,
        data: { n },
        messageId: emailMessageId(`${id}-${n}`, 'afterward.localhost'),
      })),
    });
    // At 10 a second a chunk is 10 recipients: three chunks, a run each.
    const handle = await stack.env.client.workflow.start(sendEmailBatch, {
      workflowId: id,
      taskQueue: stack.taskQueue,
      args: [{ batchId: id, retry: TEST_EMAIL_CONFIG.retry, chunksPerRun: 1 }],
    });
    assert.deepEqual(await handle.result(), { total: 30, sent: 30, failed: 0, pending: 0 });
    const runs = await stack.env.client.workflow.count(`WorkflowId = '${id}'`);
    assert.equal(runs.count, 3);
    const counts = deliveriesById(stack.sink, id);
    assert.equal(counts.size, 30);
    assert.ok([...counts.values()].every((n) => n === 1));
    const job = (await stack.api.request('GET', `/v1/jobs/${id}`)).body;
    assert.deepEqual(job.progress, { total: 30, sent: 30, failed: 0, pending: 0, paused: false });
  });

  it('is sent and read through the typed client', async () => {
    const client = new Afterward({ baseUrl: stack.api.url, apiKey: stack.api.key! });
    const job = await client.emailBatches.send(batchRequest(3, { ratePerSecond: 100 }));
    assert.equal(job.kind, 'batch');
    const closed = await client.jobs.wait(job.id, { timeout: '30s' });
    assert.equal(closed.status, 'succeeded');
    const page = await client.emailBatches.recipients(job.id, { status: 'sent', limit: 2 });
    assert.deepEqual(
      page.recipients.map((r) => r.index),
      [0, 1],
    );
    assert.ok(page.nextCursor);
    assert.equal((await client.emailBatches.retryFailed(job.id)).requeued, 0);
  });

  it('answers 404 for the recipients of a job that is no batch', async () => {
    const r = await stack.api.request('GET', '/v1/jobs/email-01jabcdefghjkmnpqrstvwxyz0/recipients');
    assert.equal(r.status, 404);
  });
});
