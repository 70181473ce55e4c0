import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { reply } from '../activities/webhooks/receiver';
import { waitFor } from '../helpers/wait-for';
import { type AllKindsStack, startAllKindsStack } from '../helpers/all-kinds-stack';

describe('attempts of jobs that closed without succeeding', () => {
  let stack: AllKindsStack;

  before(async () => {
    stack = await startAllKindsStack('closed-attempts', { retryScheduleMs: [0, 40_000] });
  });
  after(async () => {
    await stack.close();
  });

  it('counts the attempt of an email refused for good (550)', async () => {
    stack.sink.replyNext(550, '5.1.1 mailbox unavailable');
    const r = await stack.api.request('POST', '/v1/emails', {
      to: ['gone@example.com'],
      subject: 'Refused',
      text: 'x',
    });
    const job = await stack.closedJob(r.body.id, 30_000);
    assert.equal(job.status, 'failed');
    assert.equal(job.lastError.code, 550);
    assert.equal(job.attempts, 1);
  });

  it('counts the attempt of a webhook cancelled while it waited for its second', async () => {
    stack.handler = reply(503);
    const { id } = await stack.createEndpoint();
    const r = await stack.api.request('POST', '/v1/webhooks', { event: 'invoice.paid', payload: {}, endpointId: id });
    const jobId = r.body.jobs[0].id;
    await waitFor(async () => (await stack.api.request('GET', `/v1/jobs/${jobId}`)).body.status === 'retrying', {
      what: 'the first attempt to fail',
    });
    assert.equal((await stack.api.request('POST', `/v1/jobs/${jobId}/cancel`)).status, 202);
    const job = await stack.closedJob(jobId, 30_000);
    assert.equal(job.status, 'cancelled');
    assert.equal(job.attempts, 1);
  });
});
