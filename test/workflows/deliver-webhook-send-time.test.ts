import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { type WebhookStack, startWebhookStack } from '../helpers/webhook-stack';
import { waitFor } from '../helpers/wait-for';

// A webhook job with sendAt waits on a durable timer, steered like a waiting email: reschedule and
// sendNow as updates (POST /v1/jobs/:id/signals/:name) and as signals (the CLI, other SDKs).
describe('a webhook job that waits for its sendAt', () => {
  let stack: WebhookStack;
  let endpointId: string;
  const job = async (id: string) => (await stack.api.request('GET', `/v1/jobs/${id}`)).body;
  const waiting = async () => (await stack.send({ endpointId, delay: '1h' })).jobs[0].id as string;

  before(async () => {
    stack = await startWebhookStack('webhook-send-time');
    endpointId = (await stack.createEndpoint()).id;
  });
  beforeEach(() => {
    stack.receiver.requests.length = 0;
  });
  after(() => stack.close());

  it('is rescheduled and sent now through the API, shows each new time, and refuses both once delivered', async () => {
    const id = await waiting();
    await waitFor(async () => (await job(id)).status === 'scheduled', { what: 'the job to wait' });
    const moved = await stack.api.request('POST', `/v1/jobs/${id}/signals/reschedule`, { delay: '2h' });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    assert.equal(moved.body.result.phase, 'waiting');
    assert.ok(Math.abs(Date.parse(moved.body.result.sendAt) - (Date.now() + 2 * 3600_000)) < 5000);
    assert.equal((await job(id)).scheduledFor, moved.body.result.sendAt);

    const now = await stack.api.request('POST', `/v1/jobs/${id}/signals/sendNow`);
    assert.equal(now.status, 200, JSON.stringify(now.body));
    assert.deepEqual(now.body.result, { phase: 'waiting', sendAt: null });
    const done = await stack.closedJob(id);
    assert.equal(done.status, 'succeeded');
    assert.equal(done.scheduledFor, null, 'no longer shows the time it was moved away from');
    assert.equal(stack.receiver.requests.length, 1);
    assert.equal((await stack.api.request('POST', `/v1/jobs/${id}/signals/sendNow`)).status, 409);
  });

  it('takes the same controls as signals, and keeps the ones it cannot apply on the job', async () => {
    const id = await waiting();
    const handle = stack.env.client.workflow.getHandle(id);
    await handle.signal('reschedule', { sendAt: '2031-03-01T09:00:00Z' });
    await waitFor(async () => (await job(id)).scheduledFor === '2031-03-01T09:00:00.000Z', {
      what: 'the signalled time on the job',
    });

    await handle.signal('reschedule', { sendAt: 'after lunch' });
    await handle.signal('deliverNow');
    const refused = await waitFor(
      async () => {
        const j = await job(id);
        return j.rejectedSignals?.length === 2 && j;
      },
      { what: 'two rejected signals on the job' },
    );
    assert.deepEqual(
      refused.rejectedSignals.map((r: any) => r.name),
      ['reschedule', 'deliverNow'],
    );
    assert.match(refused.rejectedSignals[0].reason, /sendAt "after lunch" is not an ISO time/);
    assert.match(refused.rejectedSignals[1].reason, /unknown signal "deliverNow": this job takes reschedule, sendNow/);
    assert.ok(!Number.isNaN(Date.parse(refused.rejectedSignals[0].at)));
    assert.equal(refused.scheduledFor, '2031-03-01T09:00:00.000Z', 'a refused signal changes nothing');
    assert.equal(refused.status, 'scheduled');

    await handle.signal('sendNow');
    const done = await stack.closedJob(id);
    assert.equal(done.status, 'succeeded');
    assert.equal(stack.receiver.requests.length, 1);
  });
});
