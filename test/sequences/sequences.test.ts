import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { reply } from '../activities/webhooks/receiver';
import { type AllKindsStack, startAllKindsStack } from '../helpers/all-kinds-stack';

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
