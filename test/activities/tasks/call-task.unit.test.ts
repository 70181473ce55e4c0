import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { ApplicationFailure, CompleteAsyncError } from '@temporalio/common';
import { TASK_TYPE_UNKNOWN } from '../../../workflows/shared/failure-types';
import { type Handler, type Receiver, reply, startReceiver } from '../webhooks/receiver';
import { createTaskFixture } from './call-task-fixture';

const JSON_TYPE = { 'content-type': 'application/json; charset=utf-8' };

void describe('callTask: what the app answers', () => {
  let handler: Handler = reply(204);
  let receiver: Receiver;
  let fixture: ReturnType<typeof createTaskFixture>;
  let type: string;

  before(async () => {
    receiver = await startReceiver((request, response) => handler(request, response));
    fixture = createTaskFixture({ origins: [receiver.origin] });
    type = fixture.addType('reports.build', `${receiver.origin}/tasks/reports?v=2`);
  });
  beforeEach(() => {
    receiver.requests.length = 0;
  });
  after(async () => {
    await fixture.close();
    await receiver.close();
  });

  void it('records a 200 as succeeded, with its JSON body parsed as the result', async () => {
    handler = reply(200, JSON_TYPE, '{"url":"https://files.example/r_1.pdf","pages":4}');
    const { record, result, resultTruncated } = await fixture.call(fixture.input(type, { attempt: 2 }));
    assert.deepEqual(result, { url: 'https://files.example/r_1.pdf', pages: 4 });
    assert.equal(resultTruncated, undefined);
    assert.equal(record.outcome, 'succeeded');
    assert.equal(record.statusCode, 200);
    assert.equal(record.attempt, 2);
    assert.equal(record.responseSnippet, '{"url":"https://files.example/r_1.pdf","pages":4}');
    assert.ok(!Number.isNaN(Date.parse(record.at)) && record.latencyMs >= 0);
    assert.deepEqual(
      receiver.requests.map((request) => `${request.method} ${request.path}`),
      ['POST /tasks/reports?v=2'],
    );
  });

  void it('parses a +json media type, and reads the whole body up to 64 KiB, not just the 1 KiB snippet', async () => {
    const rows = Array.from({ length: 2_000 }, (_, i) => `row ${i}`);
    handler = reply(201, { 'content-type': 'application/vnd.report+json' }, JSON.stringify({ rows }));
    const { record, result } = await fixture.call(fixture.input(type));
    assert.deepEqual(result, { rows });
    assert.equal(record.responseSnippet?.length, 1024);
  });

  void it('keeps a text body as text, and a body labelled JSON that does not parse as the text sent', async () => {
    handler = reply(200, { 'content-type': 'text/plain' }, '{"not": "parsed"}');
    assert.equal((await fixture.call(fixture.input(type))).result, '{"not": "parsed"}');
    handler = reply(200, JSON_TYPE, 'done, thanks');
    assert.equal((await fixture.call(fixture.input(type))).result, 'done, thanks');
  });

  void it('answers null for an empty body', async () => {
    handler = reply(204);
    const { record, result } = await fixture.call(fixture.input(type));
    assert.equal(record.outcome, 'succeeded');
    assert.equal(result, null);
    assert.equal(record.responseSnippet, undefined);
  });

  void it('cuts a 70 KiB body to its first 64 KiB of text and says so', async () => {
    const body = '[' + '"x",'.repeat((70 * 1024) / 4) + '"y"]';
    handler = reply(200, JSON_TYPE, body);
    const { record, result, resultTruncated } = await fixture.call(fixture.input(type));
    assert.equal(resultTruncated, true);
    assert.equal(result, body.slice(0, 64 * 1024));
    assert.equal(record.responseSnippet, body.slice(0, 1024));
  });

  void it('leaves the activity open (async completion) on a 202 whose JSON body says async: true', async () => {
    handler = reply(202, JSON_TYPE, '{"async":true,"eta":"5m"}');
    await assert.rejects(fixture.call(fixture.input(type)), CompleteAsyncError);
  });

  void it('leaves the activity open on a 202 with the header afterward-async: true, whatever the body', async () => {
    handler = reply(202, { 'Afterward-Async': 'TRUE', 'content-type': 'text/plain' }, 'queued');
    await assert.rejects(fixture.call(fixture.input(type)), CompleteAsyncError);
  });

  void it('records a plain 202 (no marker) as succeeded', async () => {
    handler = reply(202, JSON_TYPE, '{"async":false,"queued":true}');
    const { record, result } = await fixture.call(fixture.input(type));
    assert.equal(record.outcome, 'succeeded');
    assert.deepEqual(result, { async: false, queued: true });
  });

  void it('records a 200 saying async: true as succeeded: only a 202 hands the task over', async () => {
    handler = reply(200, JSON_TYPE, '{"async":true}');
    assert.equal((await fixture.call(fixture.input(type))).record.outcome, 'succeeded');
  });

  void it('records a 400 as rejected, with the start of the body and no retry delay', async () => {
    handler = reply(400, { ...JSON_TYPE, 'retry-after': '30' }, '{"error":"unknown report"}');
    const { record, result } = await fixture.call(fixture.input(type));
    assert.equal(record.outcome, 'rejected');
    assert.equal(record.statusCode, 400);
    assert.equal(record.responseSnippet, '{"error":"unknown report"}');
    assert.equal(record.retryAfterMs, undefined);
    assert.equal(result, undefined);
  });

  for (const [status, retryAfter, expectedMs] of [
    [409, '7', 7_000],
    [429, '120', 120_000],
    [503, '0', 0],
  ] as const) {
    void it(`records a ${status} as a retry, honouring Retry-After: ${retryAfter}`, async () => {
      handler = reply(status, { 'retry-after': retryAfter }, 'busy');
      const { record } = await fixture.call(fixture.input(type));
      assert.equal(record.outcome, 'retry');
      assert.equal(record.statusCode, status);
      assert.equal(record.retryAfterMs, expectedMs);
      assert.equal(record.responseSnippet, 'busy');
    });
  }

  void it('records a 500 without Retry-After as a retry with no delay of its own', async () => {
    handler = reply(500);
    const { record } = await fixture.call(fixture.input(type));
    assert.equal(record.outcome, 'retry');
    assert.equal(record.retryAfterMs, undefined);
  });

  void it('never follows a redirect: a 301 is rejected and the target is not called', async () => {
    handler = (request, response) => {
      if (request.path.startsWith('/moved')) response.writeHead(200).end('followed');
      else response.writeHead(301, { location: `${receiver.origin}/moved` }).end();
    };
    const { record } = await fixture.call(fixture.input(type));
    assert.equal(record.outcome, 'rejected');
    assert.equal(record.statusCode, 301);
    assert.equal(record.error, `Redirect to ${receiver.origin}/moved not followed`);
    assert.deepEqual(
      receiver.requests.map((request) => request.path),
      ['/tasks/reports?v=2'],
    );
  });

  void it('fails for good, calling nothing, when the task type does not exist', async () => {
    await assert.rejects(fixture.call(fixture.input('reports.deleted')), (error: unknown) => {
      assert.ok(error instanceof ApplicationFailure);
      assert.equal(error.type, TASK_TYPE_UNKNOWN);
      assert.equal(error.nonRetryable, true);
      assert.match(error.message, /reports\.deleted does not exist/);
      return true;
    });
    assert.equal(receiver.requests.length, 0);
  });

  void it('works when called directly, outside an activity Context (async completion too)', async () => {
    handler = reply(200, JSON_TYPE, '{"ok":true}');
    assert.deepEqual((await fixture.callTask(fixture.input(type))).result, { ok: true });
    handler = reply(202, { 'afterward-async': 'true' });
    await assert.rejects(fixture.callTask(fixture.input(type)), CompleteAsyncError);
  });
});
