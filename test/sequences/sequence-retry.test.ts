import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { reply } from '../activities/webhooks/receiver';
import { type AllKindsStack, startAllKindsStack } from '../helpers/all-kinds-stack';
import { waitFor } from '../helpers/wait-for';

describe('sequence retries, step failures and wait steps', () => {
  let stack: AllKindsStack;
  let endpointId: string;
  const webhook = (n: number) => ({ type: 'webhook', input: { endpointId, event: 'invoice.paid', payload: { n } } });
  const start = async (steps: object[]) => {
    const accepted = await stack.api.request('POST', '/v1/sequences', { steps });
    assert.equal(accepted.status, 202, JSON.stringify(accepted.body));
    return accepted.body.id as string;
  };
  const deliveriesOf = (childId: string) => stack.receiver.requests.filter((r) => r.headers['webhook-id'] === childId);

  before(async () => {
    stack = await startAllKindsStack('sequence-retry', { retryScheduleMs: [0] });
    endpointId = (await stack.createEndpoint()).id;
  });
  after(async () => {
    await stack.close();
  });

  it('resumes a retried sequence at the failed step: what succeeded is neither sent nor posted again', async () => {
    let refuse = true;
    stack.handler = (request, response) =>
      reply(refuse && JSON.parse(request.body).data?.n === 3 ? 404 : 200)(request, response);
    const id = await start([
      { type: 'email', input: { to: ['ada@example.com'], subject: 'Exactly once', text: 'Hi' } },
      webhook(2),
      webhook(3),
    ]);
    const failed = await stack.closedJob(id, 30_000);
    assert.equal(failed.status, 'failed');
    assert.deepEqual(
      failed.progress.map((s: any) => s.status),
      ['succeeded', 'succeeded', 'failed'],
    );

    refuse = false;
    const retried = await stack.api.request('POST', `/v1/jobs/${id}/retry`);
    assert.equal(retried.status, 202, JSON.stringify(retried.body));
    const job = await stack.closedJob(id, 30_000);
    assert.equal(job.status, 'succeeded', JSON.stringify(job.lastError));
    assert.deepEqual(
      job.progress.map((s: any) => [s.status, s.carriedOver ?? false]),
      [
        ['succeeded', true],
        ['succeeded', true],
        ['succeeded', false],
      ],
    );
    assert.equal(
      stack.sink.messages.filter((m) => m.parsed.subject === 'Exactly once').length,
      1,
      'the email step is not sent again',
    );
    assert.equal(deliveriesOf(`${id}-step2`).length, 1, 'the delivered webhook step is not posted again');
    assert.equal(deliveriesOf(`${id}-step3`).length, 2, 'the failed step is the one that runs again');
    assert.equal(job.attempts, 2, 'a sequence counts its runs');
  });

  it("reports a failed step's own failure: its type, message and code", async () => {
    stack.handler = reply(404);
    const job = await stack.closedJob(await start([webhook(9)]), 30_000);
    assert.equal(job.status, 'failed');
    assert.equal(job.lastError.type, 'SequenceStepFailed');
    assert.match(job.lastError.message, /^step 1 \(webhook\) failed: .*404/);
    assert.equal(job.lastError.code, 404);
    assert.equal(job.lastError.cause.type, 'WebhookRejected');
    assert.equal(job.lastError.cause.code, 404);
    assert.doesNotMatch(job.lastError.message, /Activity task failed|Child Workflow execution failed/);
  });

  it('waits between steps with a wait step, and runs a ping as a step', async () => {
    const before = Date.now();
    const job = await stack.closedJob(
      await start([
        { type: 'wait', input: { delay: '2s' } },
        { type: 'ping', input: { message: 'after the wait' } },
      ]),
      30_000,
    );
    assert.equal(job.status, 'succeeded', JSON.stringify(job.lastError));
    assert.deepEqual(
      job.progress.map((s: any) => [s.type, s.status]),
      [
        ['wait', 'succeeded'],
        ['ping', 'succeeded'],
      ],
    );
    assert.equal(job.progress[1].result.message, 'after the wait');
    assert.ok(Date.now() - before >= 2000, 'the ping ran after the wait');
  });

  it('keeps a signal it takes no such thing for on the job, rather than dropping it', async () => {
    const id = await start([{ type: 'wait', input: { delay: '1m' } }]);
    await waitFor(
      async () => (await stack.api.request('GET', `/v1/jobs/${id}`)).body.progress?.[0]?.status === 'running',
      { what: 'the wait to begin' },
    );
    await stack.env.client.workflow.getHandle(id).signal('pause', { please: true });
    const job = await waitFor(
      async () => {
        const view = (await stack.api.request('GET', `/v1/jobs/${id}`)).body;
        return view.rejectedSignals?.length ? view : undefined;
      },
      { what: 'the rejected signal on the job' },
    );
    assert.equal(job.rejectedSignals[0].name, 'pause');
    assert.match(job.rejectedSignals[0].reason, /takes no signals/);
    await stack.api.request('POST', `/v1/jobs/${id}/cancel`);
  });

  it('refuses a wait step without a valid delay, naming the field', async () => {
    const r = await stack.api.request('POST', '/v1/sequences', { steps: [{ type: 'wait', input: { delay: 'soon' } }] });
    assert.equal(r.status, 400);
    assert.deepEqual(
      r.body.errors.map((e: any) => e.field),
      ['steps[0].input.delay'],
    );
  });
});
