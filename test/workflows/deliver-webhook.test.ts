import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { ENDPOINT_DISABLED_ACTION } from '../../activities/webhooks/endpoint-activities';
import { verifyWebhook } from '../../activities/webhooks/signature';
import { deliverWebhookInput } from '../../src/kinds/webhook/webhook-job';
import { deliverWebhook } from '../../workflows/deliver-webhook';
import {
  WEBHOOK_ENDPOINT_GONE,
  WEBHOOK_REJECTED,
  WEBHOOK_RETRIES_EXHAUSTED,
} from '../../workflows/shared/failure-types';
import { hang, reply, sequence } from '../activities/webhooks/receiver';
import { TEST_WEBHOOK_CONFIG, type WebhookStack, startWebhookStack } from '../helpers/webhook-stack';
import { waitFor } from '../helpers/wait-for';

describe('deliverWebhook, end to end to a receiver on loopback', () => {
  let stack: WebhookStack;

  before(async () => {
    stack = await startWebhookStack('deliver');
  });
  beforeEach(() => {
    stack.receiver.requests.length = 0;
  });
  after(() => stack.close());

  it('delivers a signed Standard Webhooks body (type, timestamp, data) that the receiver verifies with verifyWebhook', async () => {
    const endpoint = await stack.createEndpoint();
    let verified: unknown;
    stack.handler = (request, response) => {
      try {
        verified = verifyWebhook(endpoint.secret, request.headers, request.body);
        response.writeHead(200).end('thanks');
      } catch (err) {
        response.writeHead(401).end(String(err));
      }
    };
    const sentAt = Date.now();
    const accepted = await stack.send({
      endpointId: endpoint.id,
      payload: { invoice: 'in_1', amount: 4200 },
      headers: { 'X-Tenant': 't7' },
    });
    const acceptedAt = Date.now();
    assert.match(accepted.messageId, /^msg-[0-9a-z]{26}$/);
    const [job] = accepted.jobs;
    assert.match(job.id, /^webhook-[0-9a-z]{26}$/);
    assert.deepEqual(job.input, {
      messageId: accepted.messageId,
      event: 'invoice.paid',
      endpointId: endpoint.id,
      payloadBytes: 32,
    });

    const done = await stack.closedJob(job.id);
    assert.equal(done.status, 'succeeded');
    assert.equal(done.attempts, 1);
    const [request] = stack.receiver.requests;
    assert.deepEqual(verified, { msgId: job.id, timestamp: Number(request?.headers['webhook-timestamp']) });
    const body = JSON.parse(request!.body);
    assert.deepEqual(Object.keys(body), ['type', 'timestamp', 'data'], 'the Standard Webhooks payload shape');
    assert.deepEqual([body.type, body.data], ['invoice.paid', { invoice: 'in_1', amount: 4200 }]);
    const occurredAt = Date.parse(body.timestamp);
    assert.ok(
      sentAt <= occurredAt && occurredAt <= acceptedAt,
      `timestamp ${body.timestamp} is when the API accepted the event`,
    );
    assert.equal(request?.headers['x-tenant'], 't7');
    const [attempt] = await stack.attempts(job.id);
    assert.deepEqual(
      [attempt.attempt, attempt.outcome, attempt.statusCode, attempt.responseSnippet],
      [1, 'delivered', 200, 'thanks'],
    );
  });

  it('retries three 500s and delivers on the fourth attempt, with every attempt in the log and one webhook-id', async () => {
    const {
      endpoint,
      jobId,
      job: done,
    } = await stack.deliverTo(sequence(reply(500, {}, 'down'), reply(500), reply(500), reply(200)));
    assert.equal(done.status, 'succeeded');
    assert.equal(done.attempts, 4);
    const log = await stack.attempts(jobId);
    assert.deepEqual(
      log.map((a) => [a.attempt, a.outcome, a.statusCode]),
      [
        [1, 'retry', 500],
        [2, 'retry', 500],
        [3, 'retry', 500],
        [4, 'delivered', 200],
      ],
    );
    assert.equal(log[0].responseSnippet, 'down');
    assert.deepEqual(new Set(stack.receiver.requests.map((r) => r.headers['webhook-id'])), new Set([jobId]));
    assert.equal(new Set(stack.receiver.requests.map((r) => r.body)).size, 1, 'every attempt signs the same body');
    assert.equal((await stack.store.webhookEndpoints.get(endpoint.id))?.failingSince, null);
  });

  it('sends the same body again when a failed delivery is retried as a new run', async () => {
    const { jobId, job } = await stack.deliverTo(sequence(reply(404), reply(200)));
    assert.equal(job.status, 'failed');
    assert.equal((await stack.api.request('POST', `/v1/jobs/${jobId}/retry`)).status, 202);
    await waitFor(async () => (await stack.api.request('GET', `/v1/jobs/${jobId}`)).body.status === 'succeeded', {
      what: 'the retry to deliver',
    });
    const [first, again] = stack.receiver.requests;
    assert.equal(again?.body, first?.body);
  });

  it('stamps a delivery whose input has no occurredAt (older jobs, sequence steps) with its run start', async () => {
    const endpoint = await stack.createEndpoint();
    const input = deliverWebhookInput(
      { messageId: 'msg-older', endpointId: endpoint.id, event: 'invoice.paid', payload: { n: 1 } },
      TEST_WEBHOOK_CONFIG,
    );
    assert.equal(input.occurredAt, undefined);
    const handle = await stack.env.client.workflow.start(deliverWebhook, {
      taskQueue: stack.taskQueue,
      workflowId: `webhook-older-${Date.now()}`,
      args: [input],
    });
    await handle.result();
    const { startTime } = await handle.describe();
    assert.deepEqual(JSON.parse(stack.receiver.requests[0]!.body), {
      type: 'invoice.paid',
      timestamp: startTime.toISOString(),
      data: { n: 1 },
    });
  });

  it('waits at least the Retry-After of a 429 before the next attempt', async () => {
    const times: number[] = [];
    const timed = (status: number, headers: Record<string, string> = {}) =>
      sequence((request, response) => {
        times.push(Date.now());
        reply(status, headers)(request, response);
      });
    const { jobId, job } = await stack.deliverTo(sequence(timed(429, { 'Retry-After': '2' }), timed(200)));
    assert.equal(job.status, 'succeeded');
    const log = await stack.attempts(jobId);
    assert.deepEqual(
      log.map((a) => [a.statusCode, a.retryAfterMs]),
      [
        [429, 2000],
        [200, undefined],
      ],
    );
    assert.ok(times[1]! - times[0]! >= 2000, `second attempt ${times[1]! - times[0]!} ms after the first`);
  });

  it('fails a 404 after one attempt, with the status as lastError.code', async () => {
    const { jobId, job: done } = await stack.deliverTo(reply(404, {}, 'no such hook'));
    assert.equal(done.status, 'failed');
    assert.equal(done.attempts, 1);
    assert.deepEqual(done.lastError, {
      message: done.lastError.message,
      type: WEBHOOK_REJECTED,
      code: 404,
      nonRetryable: true,
    });
    assert.match(done.lastError.message, /refused the delivery: HTTP 404/);
    assert.deepEqual(
      (await stack.attempts(jobId)).map((a) => a.outcome),
      ['rejected'],
    );
    assert.equal(stack.receiver.requests.length, 1);
  });

  it('fails on 410 Gone, disables the endpoint as gone and records that in the audit log', async () => {
    const { endpoint, job: done } = await stack.deliverTo(reply(410));
    assert.deepEqual(
      [done.status, done.attempts, done.lastError.type, done.lastError.code],
      ['failed', 1, WEBHOOK_ENDPOINT_GONE, 410],
    );
    const shown = (await stack.api.request('GET', `/v1/webhook-endpoints/${endpoint.id}`)).body;
    assert.deepEqual([shown.enabled, shown.disabledReason, typeof shown.disabledAt], [false, 'gone', 'string']);
    const { events } = await stack.store.audit.list({
      resource: `webhook-endpoint:${endpoint.id}`,
      action: ENDPOINT_DISABLED_ACTION,
    });
    assert.deepEqual(
      events.map((e) => (e.detail as { reason: string }).reason),
      ['gone'],
    );
    const refused = await stack.api.request('POST', '/v1/webhooks', {
      event: 'invoice.paid',
      payload: {},
      endpointId: endpoint.id,
    });
    assert.equal(refused.status, 409);
  });

  it('times out an attempt the receiver never answers, and retries it', async () => {
    const { jobId, job } = await stack.deliverTo(sequence(hang, reply(200)));
    assert.equal(job.status, 'succeeded');
    const [first, second] = await stack.attempts(jobId);
    assert.equal(first.outcome, 'retry');
    assert.equal(first.statusCode, undefined);
    // The whole-attempt timer and undici's headers timeout are both WEBHOOK_TIMEOUT_MS: either may fire first.
    assert.match(first.error, /No complete response within 1000 ms|Headers Timeout Error/);
    assert.ok(first.latencyMs >= 1000);
    assert.equal(second.outcome, 'delivered');
  });

  it('gives up when the schedule is exhausted; the failure carries the attempt log', async () => {
    const { jobId, job: done } = await stack.deliverTo(reply(503));
    assert.deepEqual(
      [done.status, done.attempts, done.lastError.type, done.lastError.code],
      ['failed', 5, WEBHOOK_RETRIES_EXHAUSTED, 503],
    );
    assert.match(done.lastError.message, /after 5 attempts: the retry schedule is exhausted \(last: HTTP 503\)/);
    assert.equal((await stack.attempts(jobId)).length, 5);
    assert.equal(stack.receiver.requests.length, 5);
  });

  it('gives up at once when the receiver asks for a retry later than the deadline', async () => {
    // Retry-After is honoured up to an hour; the test deadline is a minute.
    const { job: done } = await stack.deliverTo(reply(503, { 'Retry-After': '3600' }));
    assert.deepEqual([done.status, done.attempts, done.lastError.type], ['failed', 1, WEBHOOK_RETRIES_EXHAUSTED]);
    assert.match(done.lastError.message, /the next attempt would start after the deadline/);
  });

  it('ends as cancelled when cancelled while it waits for the next attempt', async () => {
    const endpoint = await stack.createEndpoint();
    stack.handler = reply(503, { 'Retry-After': '30' });
    const { jobs } = await stack.send({ endpointId: endpoint.id });
    await waitFor(async () => (await stack.attempts(jobs[0].id)).length === 1, { what: 'the first attempt' });
    assert.equal((await stack.api.request('POST', `/v1/jobs/${jobs[0].id}/cancel`)).status, 202);
    assert.equal((await stack.closedJob(jobs[0].id)).status, 'cancelled');
    assert.deepEqual(
      (await stack.attempts(jobs[0].id)).map((a) => a.retryAfterMs),
      [30_000],
    );
    assert.equal(stack.receiver.requests.length, 1);
  });
});
