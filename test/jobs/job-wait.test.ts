// GET /v1/jobs/:id?wait= against the real stack: the API long-polls Temporal for the job's close, and answers
// the job view when it closes or when the wait is over.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { type EmailStack, startEmailStack } from '../helpers/email-stack';
import { waitFor } from '../helpers/wait-for';

describe('waiting for a job to close', () => {
  let stack: EmailStack;
  let stopWorker: () => Promise<void>;
  const laterEmail = async (subject: string): Promise<string> => {
    const r = await stack.api.request('POST', '/v1/emails', {
      to: ['ada@example.com'],
      subject,
      text: 'x',
      delay: '1h',
    });
    assert.equal(r.status, 202, JSON.stringify(r.body));
    return r.body.id;
  };
  const wait = (id: string, w = '30s') => stack.api.request('GET', `/v1/jobs/${id}?wait=${w}`);
  /** Starts a wait on an open job, then does `close` once the API has begun waiting; answers the wait. */
  const closeDuringWait = async (id: string, close: () => Promise<unknown>) => {
    const askedAt = new Date();
    const answer = wait(id);
    // The wait's first describe has been made once the job is seen scheduled by another request.
    await stack.api.request('GET', `/v1/jobs/${id}`);
    await close();
    const { status, body } = await answer;
    assert.equal(status, 200, JSON.stringify(body));
    assert.ok(body.closedAt && Date.parse(body.closedAt) >= askedAt.getTime(), 'the job closed during the wait');
    return body;
  };

  before(async () => {
    stack = await startEmailStack('job-wait');
    stopWorker = (await stack.startWorker()).stop;
  });
  beforeEach(() => stack.sink.reset());
  after(async () => {
    await stopWorker();
    await stack.close();
  });

  it('answers the job once it succeeds during the wait', async () => {
    const id = await laterEmail('Succeeds');
    const job = await closeDuringWait(id, () => stack.api.request('POST', `/v1/jobs/${id}/signals/sendNow`, {}));
    assert.equal(job.status, 'succeeded');
    assert.equal(job.id, id);
    assert.equal(job.attempts, 1);
    assert.equal(stack.sink.messages.length, 1);
  });

  it('answers the job once it fails during the wait, with its last error', async () => {
    const id = await laterEmail('Fails');
    stack.sink.replyNext(550, '5.1.1 No such user');
    const job = await closeDuringWait(id, () => stack.api.request('POST', `/v1/jobs/${id}/signals/sendNow`, {}));
    assert.equal(job.status, 'failed');
    assert.equal(job.lastError.code, 550);
  });

  it('answers the job once it is cancelled during the wait', async () => {
    const id = await laterEmail('Cancelled');
    const job = await closeDuringWait(id, () => stack.api.request('POST', `/v1/jobs/${id}/cancel`));
    assert.equal(job.status, 'cancelled');
  });

  it('answers the job still open when the wait is over', async () => {
    const id = await laterEmail('Still waiting');
    const askedAt = Date.now();
    const { status, body } = await wait(id, '1s');
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(body.status, 'scheduled');
    assert.equal(body.closedAt, null);
    assert.ok(Date.now() - askedAt >= 1000, 'answered once the wait was over, not before');
    await stack.api.request('POST', `/v1/jobs/${id}/cancel`);
  });

  it('answers a closed job at once, and follows a failed job to its retry', async () => {
    const id = await laterEmail('Retried');
    stack.sink.replyNext(550, '5.1.1 No such user');
    await stack.api.request('POST', `/v1/jobs/${id}/signals/sendNow`, {});
    await waitFor(async () => (await stack.api.request('GET', `/v1/jobs/${id}`)).body.status === 'failed', {
      what: 'the job to fail',
    });
    const askedAt = Date.now();
    const failed = await wait(id, '60s');
    assert.equal(failed.body.status, 'failed');
    assert.ok(Date.now() - askedAt < 60_000, 'answered before the wait was over');

    // The retry is a new run that waits for its time again: the wait is on it, the job's latest run.
    assert.equal((await stack.api.request('POST', `/v1/jobs/${id}/retry`)).status, 202);
    const retried = await closeDuringWait(id, () => stack.api.request('POST', `/v1/jobs/${id}/signals/sendNow`, {}));
    assert.equal(retried.status, 'succeeded');
    assert.equal(retried.previousRuns.length, 1);
  });

  it('refuses a bad or too long wait, naming it, and knows no unknown or internal job', async () => {
    const id = await laterEmail('Bad waits');
    for (const bad of ['soon', '-5s', '61s', 'PT2M']) {
      const { status, body } = await wait(id, bad);
      assert.equal(status, 400, `${bad}: ${JSON.stringify(body)}`);
      assert.deepEqual(
        body.errors.map((e: any) => [e.field, e.in]),
        [['wait', 'query']],
      );
    }
    assert.equal((await stack.api.request('GET', `/v1/jobs/${id}?wait=1s&also=1`)).status, 400);
    assert.equal((await wait('email-00000000000000000000000000', '5s')).status, 404);
    assert.equal((await wait('audit-writer-anything-0', '5s')).status, 404);
    await stack.api.request('POST', `/v1/jobs/${id}/cancel`);
  });
});
