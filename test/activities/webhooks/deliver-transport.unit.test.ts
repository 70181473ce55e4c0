import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { CancelledFailure } from '@temporalio/common';
import { createFixture, LOOPBACK_ALLOWED } from './deliver-fixture';
import { type Handler, type Receiver, startReceiver } from './receiver';

void describe('postWebhook over a misbehaving network', () => {
  const fixture = createFixture({
    allow: LOOPBACK_ALLOWED,
    attemptTimeoutMs: 400,
    headersTimeoutMs: 5_000,
    bodyTimeoutMs: 5_000,
  });
  let handler: Handler = () => {};
  let receiver: Receiver;

  before(async () => {
    receiver = await startReceiver((request, response) => handler(request, response));
  });
  after(async () => {
    await fixture.close();
    await receiver.close();
  });

  void it('times out a receiver that never answers and records a retry within bounded time', async () => {
    handler = () => {};
    const started = Date.now();
    const record = await fixture.post(fixture.input(fixture.addEndpoint(receiver.origin)));
    assert.equal(record.outcome, 'retry');
    assert.equal(record.statusCode, undefined);
    assert.match(record.error ?? '', /No complete response within 400 ms/);
    assert.ok(Date.now() - started < 2_000, 'the attempt ends near its 400 ms budget');
    assert.ok(record.latencyMs >= 350);
  });

  void it('times out a receiver that sends headers and then stalls the body', async () => {
    handler = (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.write('partial');
    };
    const record = await fixture.post(fixture.input(fixture.addEndpoint(receiver.origin)));
    assert.equal(record.outcome, 'retry');
    assert.match(record.error ?? '', /No complete response within 400 ms/);
  });

  void it('cuts an oversized response body at the cap and keeps a 1 KiB snippet', async () => {
    let written = 0;
    handler = (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      const chunk = 'x'.repeat(16 * 1024);
      // Keeps writing far past 64 KiB; the client must stop reading on its own.
      const pump = () => {
        while (written < 8 * 1024 * 1024 && !response.destroyed) {
          written += chunk.length;
          if (!response.write(chunk)) return void response.once('drain', pump);
        }
        response.end();
      };
      pump();
    };
    const record = await fixture.post(fixture.input(fixture.addEndpoint(receiver.origin)));
    assert.equal(record.outcome, 'delivered');
    assert.equal(record.responseTruncated, true);
    assert.equal(record.responseSnippet, 'x'.repeat(1024));
    assert.ok(written < 8 * 1024 * 1024, `the receiver was cut off after ${written} bytes`);
  });

  void it('records a refused connection as a retry with the error text', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as { port: number };
    await new Promise((resolve) => closed.close(resolve));
    const record = await fixture.post(fixture.input(fixture.addEndpoint(`http://127.0.0.1:${port}/`)));
    assert.equal(record.outcome, 'retry');
    assert.match(record.error ?? '', /ECONNREFUSED/);
  });

  void it('reuses kept-alive connections instead of opening one per attempt', async () => {
    handler = (_request, response) => response.writeHead(204).end();
    const endpointId = fixture.addEndpoint(`${receiver.origin}/keep-alive`);
    for (let attempt = 1; attempt <= 4; attempt += 1) await fixture.post(fixture.input(endpointId, { attempt }));
    const ports = new Set(
      receiver.requests.filter((request) => request.path === '/keep-alive').map((request) => request.remotePort),
    );
    // undici may open a second socket while the first is still being released; never one per attempt.
    assert.ok(ports.size <= 2, `4 attempts used ${ports.size} connections`);
  });

  void it('stops the request and reports cancellation when the activity is cancelled', async () => {
    handler = () => {};
    const cancellable = createFixture({ allow: LOOPBACK_ALLOWED, attemptTimeoutMs: 10_000 });
    try {
      const started = Date.now();
      const pending = cancellable.post(cancellable.input(cancellable.addEndpoint(receiver.origin)));
      setTimeout(() => cancellable.env.cancel(), 100);
      await assert.rejects(pending, (error: unknown) => error instanceof CancelledFailure);
      assert.ok(Date.now() - started < 2_000);
    } finally {
      await cancellable.close();
    }
  });
});
