import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { loadConfig } from '../../src/config';
import { emailJob } from '../../src/kinds/email/email-job';
import { reply } from '../activities/webhooks/receiver';
import { type AllKindsStack, startAllKindsStack } from '../helpers/all-kinds-stack';
import { waitFor } from '../helpers/wait-for';

describe('sequences', () => {
  let stack: AllKindsStack;
  let endpointId: string;
  const audit = (resource: string) => ({
    type: 'audit',
    input: { actor: 'user:42', action: 'invoice.paid', resource },
  });
  const email = (subject: string) => ({ type: 'email', input: { to: ['ada@example.com'], subject, text: 'Thanks' } });
  const run = async (steps: object[]) => {
    const accepted = await stack.api.request('POST', '/v1/sequences', { steps });
    assert.equal(accepted.status, 202, JSON.stringify(accepted.body));
    return stack.closedJob(accepted.body.id, 30_000);
  };

  before(async () => {
    stack = await startAllKindsStack('sequences', { retryScheduleMs: [0] });
    endpointId = (await stack.createEndpoint()).id;
  });
  beforeEach(() => {
    stack.sink.reset();
    stack.receiver.requests.length = 0;
  });
  after(async () => {
    await stack.close();
  });

  it('runs email, webhook and audit steps in order and reports each one', async () => {
    stack.handler = reply(200);
    const job = await run([
      email('Paid'),
      { type: 'webhook', input: { endpointId, event: 'invoice.paid', payload: { invoice: 'in_1' } } },
      audit('invoice:1'),
    ]);
    assert.equal(job.status, 'succeeded');
    assert.deepEqual(
      job.progress.map((s: any) => [s.type, s.status]),
      [
        ['email', 'succeeded'],
        ['webhook', 'succeeded'],
        ['audit', 'succeeded'],
      ],
    );
    assert.equal(stack.sink.messages.filter((m) => m.parsed.subject === 'Paid').length, 1);
    assert.equal(stack.receiver.requests.length >= 1, true);
    const { events } = await stack.store.audit.list({ resource: 'invoice:1' });
    assert.equal(events.length, 1);
  });

  it('reads each step back as a job of its kind, found through its sequence and in no listing', async () => {
    stack.handler = reply(200);
    const job = await run([
      email('Step kinds'),
      { type: 'webhook', input: { endpointId, event: 'invoice.paid', payload: { invoice: 'in_k' } } },
    ]);
    assert.equal(job.status, 'succeeded', JSON.stringify(job.lastError));
    const [emailStep, webhookStep] = job.progress.map((s: any) => s.jobId);
    for (const [id, kind] of [
      [emailStep, 'email'],
      [webhookStep, 'webhook'],
    ]) {
      const step = await stack.api.request('GET', `/v1/jobs/${id}`);
      assert.equal(step.status, 200, JSON.stringify(step.body));
      assert.equal(step.body.kind, kind, id);
      assert.equal(step.body.status, 'succeeded', id);
      // The kind is the step's own search attribute, as on a job of its kind the API started.
      const query = `WorkflowId = '${id}' AND JobKind = '${kind}' AND SequenceId = '${job.id}'`;
      await waitFor(async () => (await stack.env.client.workflow.count(query)).count === 1, { what: query });
    }
    // A step is its sequence's: listings of its kind leave it out, and list the sequence.
    const listed = async (kind: string): Promise<string[]> =>
      (await stack.api.request('GET', `/v1/jobs?kind=${kind}&limit=100`)).body.jobs.map((j: any) => j.id);
    await waitFor(async () => (await listed('sequence')).includes(job.id), { what: 'the sequence listed' });
    assert.ok(!(await listed('email')).includes(emailStep), 'the email step is not listed');
    assert.ok(!(await listed('webhook')).includes(webhookStep), 'the webhook step is not listed');
  });

  it('reads an email step started before steps carried a kind as an email, from its workflow type', async () => {
    const id = `sequence-older-${Date.now()}-step1`;
    const request = { to: ['ada@example.com'], subject: 'Older step', text: 'Thanks' };
    await stack.env.client.workflow.execute('sendEmail', {
      workflowId: id,
      taskQueue: stack.taskQueue,
      args: [emailJob(request, loadConfig({}).email, { taskQueue: stack.taskQueue, jobId: id }).input],
    });
    const step = await stack.api.request('GET', `/v1/jobs/${id}`);
    assert.equal(step.status, 200, JSON.stringify(step.body));
    assert.equal(step.body.kind, 'email');
    assert.equal(step.body.status, 'succeeded');
  });

  it('stops at a step that fails for good, and says which', async () => {
    stack.handler = reply(404);
    const job = await run([
      audit('invoice:2'),
      { type: 'webhook', input: { endpointId, event: 'invoice.paid', payload: {} } },
      email('Never'),
    ]);
    assert.equal(job.status, 'failed');
    assert.deepEqual(
      job.progress.map((s: any) => s.status),
      ['succeeded', 'failed', 'skipped'],
    );
    assert.equal(job.lastError.type, 'SequenceStepFailed');
    assert.match(job.lastError.message, /^step 2 \(webhook\) failed/);
    assert.equal(stack.sink.messages.filter((m) => m.parsed.subject === 'Never').length, 0);
  });

  it('goes on past a failed step marked continueOnError', async () => {
    stack.handler = reply(404);
    const job = await run([
      { type: 'webhook', continueOnError: true, input: { endpointId, event: 'invoice.paid', payload: {} } },
      email('Still sent'),
    ]);
    assert.equal(job.status, 'succeeded');
    assert.deepEqual(
      job.progress.map((s: any) => s.status),
      ['failed', 'succeeded'],
    );
    assert.equal(stack.sink.messages.filter((m) => m.parsed.subject === 'Still sent').length, 1);
  });

  it('refuses bad steps with 400 naming the field, and starts nothing', async () => {
    const r = await stack.api.request('POST', '/v1/sequences', {
      steps: [
        { type: 'email', input: { to: ['nope'], subject: 'x', text: 'x', delay: '1h' } },
        { type: 'sms', input: {} },
        { type: 'webhook', input: { event: 'a.b', payload: {} } },
      ],
    });
    assert.equal(r.status, 400);
    const fields = r.body.errors.map((e: any) => e.field);
    for (const field of ['steps[0].input.to[0]', 'steps[0].input.delay', 'steps[1].type', 'steps[2].input.endpointId'])
      assert.ok(fields.includes(field), `${field} in ${fields}`);
  });
});
