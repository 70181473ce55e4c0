import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { CancelledFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import type { CallTaskInput, CallTaskResult } from '../../../activities/tasks/call-task';
import { type Handler, hang, type Receiver, startReceiver } from '../webhooks/receiver';
import { createTaskFixture } from './call-task-fixture';

void describe('callTask over a slow or broken network', () => {
  let handler: Handler = hang;
  let receiver: Receiver;
  let fixture: ReturnType<typeof createTaskFixture>;

  before(async () => {
    receiver = await startReceiver((request, response) => handler(request, response));
    fixture = createTaskFixture({ origins: [receiver.origin] });
  });
  after(async () => {
    await fixture.close();
    await receiver.close();
  });

  void it("ends a call the app never answers at the type's timeout, as a retry", async () => {
    handler = hang;
    const type = fixture.addType('slow.never', `${receiver.origin}/never`, { timeoutMs: 300 });
    const started = Date.now();
    const { record } = await fixture.call(fixture.input(type));
    assert.equal(record.outcome, 'retry');
    assert.equal(record.statusCode, undefined);
    assert.equal(record.error, 'No response within 0.3 s');
    assert.ok(record.latencyMs >= 250, `latency ${record.latencyMs} ms`);
    assert.ok(Date.now() - started < 2_000, 'the attempt ends near its 300 ms budget');
  });

  void it("ends a call whose body stalls after the headers at the type's timeout", async () => {
    handler = (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"partial":');
    };
    const type = fixture.addType('slow.body', `${receiver.origin}/stall`, { timeoutMs: 300 });
    const { record, result } = await fixture.call(fixture.input(type));
    assert.equal(record.outcome, 'retry');
    assert.equal(record.error, 'No response within 0.3 s');
    assert.equal(result, undefined);
  });

  void it("waits for a slow answer within the type's timeout, heartbeating while the call is in flight", async () => {
    handler = (_request, response) => void setTimeout(() => response.writeHead(200).end('late'), 1_200);
    const type = fixture.addType('slow.ok', `${receiver.origin}/late`, { timeoutMs: 60_000 });
    const heartbeats: unknown[] = [];
    const onHeartbeat = (details: unknown) => heartbeats.push(details);
    fixture.env.on('heartbeat', onHeartbeat);
    try {
      const { record, result } = await fixture.call(fixture.input(type));
      assert.equal(record.outcome, 'succeeded');
      assert.equal(result, 'late');
    } finally {
      fixture.env.off('heartbeat', onHeartbeat);
    }
    assert.ok(heartbeats.length >= 1, 'a heartbeat every second, so cancellation can reach the call');
  });

  void it('records a refused connection as a retry with the error text', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as { port: number };
    await new Promise((resolve) => closed.close(resolve));
    const refused = createTaskFixture({ origins: [`http://127.0.0.1:${port}`] });
    try {
      const { record } = await refused.call(refused.input(refused.addType('gone.app', `http://127.0.0.1:${port}/`)));
      assert.equal(record.outcome, 'retry');
      assert.match(record.error ?? '', /ECONNREFUSED/);
    } finally {
      await refused.close();
    }
  });

  void it('stops the call and rethrows the cancellation when the activity is cancelled', async () => {
    handler = hang;
    const type = fixture.addType('slow.cancelled', `${receiver.origin}/cancelled`, { timeoutMs: 30_000 });
    const env = new MockActivityEnvironment({}, { logger: new DefaultLogger('ERROR') });
    const started = Date.now();
    const pending = env.run<[CallTaskInput], CallTaskResult, typeof fixture.callTask>(
      fixture.callTask,
      fixture.input(type),
    );
    setTimeout(() => env.cancel(), 100);
    await assert.rejects(pending, (error: unknown) => error instanceof CancelledFailure);
    assert.ok(Date.now() - started < 2_000);
  });
});
