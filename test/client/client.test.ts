// afterward/client (imported as an app would, through the package's exports) against the real API, worker,
// dev server and SMTP sink; retries against a real HTTP server in front of the API that answers 429 and 503
// or drops the connection first.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Afterward, AfterwardError, AfterwardTimeoutError } from 'afterward/client';
import { PROBLEM_TYPES } from '../../src/http/problem-types';
import { type AllKindsStack, startAllKindsStack } from '../helpers/all-kinds-stack';
import { waitFor } from '../helpers/wait-for';
import { type ScriptedProxy, startScriptedProxy } from './scripted-proxy';

type Any = any; // what the document does not describe of an answer (schedules, endpoints)

describe('afterward/client', () => {
  let stack: AllKindsStack;
  let afterward: Afterward;
  let proxy: ScriptedProxy;
  /** A client through the proxy, with quick retries. */
  let proxied: Afterward;
  const email = (subject: string) => ({ to: ['ada@example.com'], subject, text: 'Hi' });

  before(async () => {
    stack = await startAllKindsStack('client');
    afterward = new Afterward({ baseUrl: stack.api.url, apiKey: stack.api.key! });
    proxy = await startScriptedProxy(stack.api.url);
    proxied = new Afterward({ baseUrl: proxy.url, apiKey: stack.api.key!, retry: { attempts: 3, maxDelayMs: 2000 } });
  });
  after(async () => {
    await proxy?.close();
    await stack?.close();
  });

  it('sends an email and waits for its job to succeed; the message reaches the SMTP server', async () => {
    const job = await afterward.emails.send(email('Welcome'), { idempotencyKey: `welcome-${Date.now()}` });
    assert.equal(job.kind, 'email');
    assert.equal(job.closedAt, null);
    const done = await afterward.jobs.wait(job.id, { timeout: '30s' });
    assert.equal(done.status, 'succeeded', JSON.stringify(done));
    assert.equal(done.id, job.id);
    const [message] = await stack.sink.waitForMessages(1);
    assert.equal(message!.parsed.subject, 'Welcome');
    assert.deepEqual((await afterward.jobs.get(job.id)).status, 'succeeded');
  });

  it('answers the same job for the same idempotency key', async () => {
    const key = `same-${Date.now()}`;
    const first = await afterward.emails.send(email('Once'), { idempotencyKey: key });
    const again = await afterward.emails.send(email('Once'), { idempotencyKey: key });
    assert.equal(again.id, first.id);
  });

  it('throws an AfterwardError naming the field of a 400', async () => {
    const err = await afterward.emails.send({ to: ['not an address'], subject: 'x', text: 'x' }).catch((e) => e);
    assert.ok(err instanceof AfterwardError, String(err));
    assert.equal(err.status, 400);
    assert.equal(err.type, '/docs/problems#validation');
    assert.equal(err.title, PROBLEM_TYPES.validation.title);
    assert.ok(err.requestId, 'the request id the server logged');
    assert.deepEqual(
      err.errors.map((e) => e.field),
      ['to[0]'],
      JSON.stringify(err.errors),
    );
  });

  it('throws a 401 AfterwardError with a key the server does not know', async () => {
    const stranger = new Afterward({ baseUrl: stack.api.url, apiKey: 'aft_not-a-key' });
    const err = await stranger.jobs.list().catch((e) => e);
    assert.ok(err instanceof AfterwardError, String(err));
    assert.equal(err.status, 401);
    assert.equal(err.type, '/docs/problems#unauthorized');
  });

  it('lists jobs a page at a time, and every page through listAll', async () => {
    const tag = `page-${Date.now()}`;
    const sent = [];
    // Jobs that wait meanwhile: a job that closes moves in visibility's order, and a listing paging then may see it twice.
    for (const n of [1, 2, 3])
      sent.push((await afterward.emails.send({ ...email(`Page ${n}`), tags: [tag], delay: '1h' })).id);
    // Visibility sees new jobs a moment later.
    const first = await waitFor(
      async () => {
        const page = await afterward.jobs.list({ tag, limit: 2 });
        return page.jobs.length === 2 && page;
      },
      { what: 'the first page of the tagged jobs' },
    );
    assert.ok(first.nextCursor, 'a cursor to the next page');
    const rest = await afterward.jobs.list({ tag, limit: 2, cursor: first.nextCursor });
    assert.equal(rest.jobs.length, 1);
    const all = [];
    for await (const job of afterward.jobs.listAll({ tag, limit: 1 })) all.push(job.id);
    assert.deepEqual(all.sort(), sent.sort());
    for (const id of sent) await afterward.jobs.cancel(id);
  });

  it('cancels a job; wait() answers it cancelled', async () => {
    const job = await afterward.emails.send({ ...email('Later'), delay: '1h' });
    assert.equal(job.status, 'scheduled');
    await afterward.jobs.cancel(job.id);
    const done = await afterward.jobs.wait(job.id, { timeout: 20_000 });
    assert.equal(done.status, 'cancelled');
    const again = await afterward.jobs.cancel(job.id).catch((e) => e);
    assert.ok(again instanceof AfterwardError && again.status === 409, String(again));
  });

  it('gives up waiting on a job still open with an AfterwardTimeoutError holding the job', async () => {
    const job = await afterward.emails.send({ ...email('Much later'), delay: '1h' });
    const err = await afterward.jobs.wait(job.id, { timeout: '1s' }).catch((e) => e);
    assert.ok(err instanceof AfterwardTimeoutError, String(err));
    assert.equal(err.job.status, 'scheduled');
    assert.equal(err.job.id, job.id);
    await afterward.jobs.cancel(job.id);
  });

  it('waits with long polls: a job that closes during the wait is answered by the one request holding it', async () => {
    const job = await afterward.emails.send({ ...email('In two seconds'), delay: '2s' });
    proxy.requests.length = 0;
    const viaProxy = new Afterward({ baseUrl: proxy.url, apiKey: stack.api.key! });
    assert.equal((await viaProxy.jobs.wait(job.id, { timeout: '30s' })).status, 'succeeded');
    assert.deepEqual(
      proxy.requests.map((r) => r.path),
      [`/v1/jobs/${job.id}?wait=30s`],
    );
  });

  it('creates, reads, changes, pauses, triggers, lists and deletes a schedule', async () => {
    const id = `client-${Date.now()}`;
    const created: Any = await afterward.schedules.create({
      id,
      every: '1h',
      job: { kind: 'email', input: email('Hourly') },
    });
    assert.equal(created.id, id);
    assert.equal(created.paused, false);
    assert.equal(((await afterward.schedules.update(id, { every: '2h' })) as Any).every, '2h');
    assert.equal(((await afterward.schedules.pause(id, { note: 'quiet' })) as Any).paused, true);
    assert.equal(((await afterward.schedules.unpause(id)) as Any).paused, false);
    await afterward.schedules.trigger(id);
    const run = await waitFor(async () => ((await afterward.schedules.get(id)) as Any).recentRuns[0], {
      what: 'the triggered run',
    });
    assert.equal((await afterward.jobs.wait(run.jobId, { timeout: '30s' })).status, 'succeeded');
    const listed: Any = await afterward.schedules.list({ limit: 100 });
    assert.ok(
      listed.schedules.some((s: Any) => s.id === id),
      JSON.stringify(listed),
    );
    await afterward.schedules.delete(id);
    const gone = await afterward.schedules.get(id).catch((e) => e);
    assert.ok(gone instanceof AfterwardError && gone.status === 404, String(gone));
  });

  it('creates, reads, changes, rotates the secret of, lists and deletes a webhook endpoint', async () => {
    const created: Any = await afterward.endpoints.create({ url: `${stack.receiver.origin}/hooks` });
    assert.match(created.secret, /^whsec_/);
    const { id } = created;
    assert.equal(((await afterward.endpoints.get(id)) as Any).secret, undefined, 'the secret is answered once');
    assert.equal(((await afterward.endpoints.update(id, { description: 'orders' })) as Any).description, 'orders');
    const rotated: Any = await afterward.endpoints.rotateSecret(id);
    assert.notEqual(rotated.secret, created.secret);
    const sent = await afterward.webhooks.send({ event: 'order.paid', payload: { order: 1 }, endpointId: id });
    assert.equal((await afterward.jobs.wait(sent.jobs[0]!.id, { timeout: '30s' })).status, 'succeeded');
    assert.ok(((await afterward.endpoints.list()) as Any).endpoints.some((e: Any) => e.id === id));
    await afterward.endpoints.delete(id);
    const gone = await afterward.endpoints.get(id).catch((e) => e);
    assert.ok(gone instanceof AfterwardError && gone.status === 404, String(gone));
  });

  it('stores, previews, changes and deletes an email template, and sends an email from it', async () => {
    const name = `client-${Date.now()}`;
    const created = await afterward.emailTemplates.create({
      name,
      subject: 'Hi {{ name }}',
      html: '<p>{{ name }}</p>',
      sampleData: { name: 'Sample' },
    });
    assert.equal((await afterward.emailTemplates.get(name)).id, created.id);
    assert.deepEqual(await afterward.emailTemplates.preview(created.id), {
      subject: 'Hi Sample',
      html: '<p>Sample</p>',
    });
    assert.deepEqual(
      await afterward.emailTemplates.previewUnsaved({ subject: '{{ a }}', text: 'b', data: { a: 'A' } }),
      {
        subject: 'A',
        text: 'b',
      },
    );
    assert.equal(
      (await afterward.emailTemplates.update(name, { subject: 'Hello {{ name }}' })).subject,
      'Hello {{ name }}',
    );
    assert.ok((await afterward.emailTemplates.list({ limit: 100 })).templates.some((t) => t.id === created.id));
    const job = await afterward.emails.send({ to: ['ada@example.com'], template: name, data: { name: 'A & B' } });
    assert.equal((await afterward.jobs.wait(job.id, { timeout: '30s' })).status, 'succeeded');
    const message = stack.sink.messages.find((m) => m.parsed.subject === 'Hello A & B');
    assert.equal(message?.parsed.html?.trim(), '<p>A &amp; B</p>');
    const missing = await afterward.emails.send({ to: ['ada@example.com'], template: name }).catch((e) => e);
    assert.ok(missing instanceof AfterwardError && missing.status === 400, String(missing));
    assert.deepEqual(
      missing.errors.map((e) => e.field),
      ['data.name'],
    );
    await afterward.emailTemplates.delete(created.id);
    const gone = await afterward.emailTemplates.get(created.id).catch((e) => e);
    assert.ok(gone instanceof AfterwardError && gone.status === 404, String(gone));
  });

  it("retries a 429 after the server's Retry-After, a POST too: the server did nothing", async () => {
    proxy.requests.length = 0;
    proxy.script({ status: 429, headers: { 'retry-after': '1' } });
    const job = await proxied.emails.send(email('After a 429'));
    assert.equal(proxy.requests.length, 2);
    const [refused, retried] = proxy.requests;
    assert.ok(retried!.at - refused!.at >= 1000, `retried ${retried!.at - refused!.at} ms after the 429`);
    assert.equal((await afterward.jobs.get(job.id)).kind, 'email');
  });

  it('retries 503s until an answer, and gives up after the attempts it is allowed', async () => {
    proxy.requests.length = 0;
    proxy.script({ status: 503 }, { status: 503 });
    const page = await proxied.jobs.list({ limit: 1 });
    assert.ok(Array.isArray(page.jobs));
    assert.equal(proxy.requests.length, 3);

    proxy.requests.length = 0;
    proxy.script({ status: 503 }, { status: 503 }, { status: 503 });
    const err = await proxied.jobs.list({ limit: 1 }).catch((e) => e);
    assert.ok(err instanceof AfterwardError && err.status === 503, String(err));
    assert.equal(proxy.requests.length, 3);
  });

  it('after a dropped connection, sends again a GET and a keyed POST, never a POST without a key', async () => {
    proxy.requests.length = 0;
    proxy.script('drop');
    const err = await proxied.emails.send(email('Maybe sent')).catch((e) => e);
    assert.ok(err instanceof TypeError, `a network error: ${err}`);
    assert.equal(proxy.requests.length, 1, 'not sent again: the server may have acted on it');

    proxy.requests.length = 0;
    proxy.script('drop');
    const job = await proxied.emails.send(email('Keyed'), { idempotencyKey: `drop-${Date.now()}` });
    assert.equal(proxy.requests.length, 2);
    assert.equal(proxy.requests[1]!.headers['idempotency-key'], proxy.requests[0]!.headers['idempotency-key']);

    proxy.requests.length = 0;
    proxy.script('drop');
    assert.equal((await proxied.jobs.get(job.id)).id, job.id);
    assert.equal(proxy.requests.length, 2);
  });
});
