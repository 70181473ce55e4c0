import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { type EmailStack, startEmailStack } from '../helpers/email-stack';
import { waitFor } from '../helpers/wait-for';

const finished = (stack: EmailStack, id: string) =>
  waitFor(
    async () => {
      const { body } = await stack.api.request('GET', `/v1/jobs/${id}`);
      return ['succeeded', 'failed', 'cancelled'].includes(body.status) && body;
    },
    { timeoutMs: 20_000, what: `job ${id} to finish` },
  );

describe('email jobs, sent now', () => {
  let stack: EmailStack;
  let stopWorker: () => Promise<void>;

  before(async () => {
    stack = await startEmailStack('email-now');
    stopWorker = (await stack.startWorker()).stop;
  });
  beforeEach(() => stack.sink.reset());
  after(async () => {
    await stopWorker();
    await stack.close();
  });

  it('delivers an immediate send with the right headers and body, and reports the result on the job', async () => {
    const accepted = await stack.api.request('POST', '/v1/emails', {
      to: ['ada@example.com'],
      cc: ['charles@example.com'],
      bcc: ['hidden@example.com'],
      from: 'Shop <shop@example.com>',
      replyTo: 'help@example.com',
      subject: 'Welcome, Ada',
      text: 'Hello in text',
      html: '<p>Hello in html</p>',
      headers: { 'X-Campaign': 'welcome' },
      attachments: [
        {
          filename: 'hello.txt',
          contentType: 'text/plain',
          contentBase64: Buffer.from('attached!').toString('base64'),
        },
      ],
    });
    assert.equal(accepted.status, 202);
    assert.equal(accepted.body.status, 'queued');
    assert.equal(accepted.body.sendAt, null);
    assert.match(accepted.body.id, /^email-[0-9a-z]{26}$/);

    const job = await finished(stack, accepted.body.id);
    assert.equal(job.status, 'succeeded');
    assert.equal(job.attempts, 1);
    assert.deepEqual(job.result.accepted.sort(), ['ada@example.com', 'charles@example.com', 'hidden@example.com']);
    assert.equal(job.result.messageId, `<${accepted.body.id}@afterward.localhost>`);
    assert.deepEqual(
      job.input,
      { recipients: 3, subject: 'Welcome, Ada', attachments: 1 },
      'listings carry a summary, not addresses or bodies',
    );

    const [message] = stack.sink.messages;
    assert.equal(stack.sink.messages.length, 1);
    assert.equal(message!.parsed.subject, 'Welcome, Ada');
    assert.equal(message!.parsed.from?.address, 'shop@example.com');
    assert.equal(message!.parsed.messageId, job.result.messageId);
    assert.equal(message!.parsed.text?.trim(), 'Hello in text');
    assert.equal(message!.parsed.html?.trim(), '<p>Hello in html</p>');
    assert.equal(message!.parsed.headers.find((h) => h.key === 'x-campaign')?.value, 'welcome');
    assert.equal(Buffer.from(message!.parsed.attachments[0]!.content as ArrayBuffer).toString(), 'attached!');
    assert.ok(message!.envelope.to.includes('hidden@example.com'));
    assert.ok(!message!.raw.toString().toLowerCase().includes('hidden@example.com'), 'bcc stays out of the headers');
  });

  it('accepts display names in every address field: the headers carry them, the SMTP envelope and the count the bare addresses', async () => {
    const accepted = await stack.api.request('POST', '/v1/emails', {
      to: ['Ada Lovelace <ada@example.com>', '"Lovelace, Ada" <ada.l@example.com>'],
      cc: ['Charles Babbage <charles@example.com>'],
      bcc: ['"Hidden, Harry" <hidden@example.com>'],
      from: 'Shop <shop@example.com>',
      replyTo: '"Help, Desk" <help@example.com>',
      subject: 'Names',
      text: 'x',
    });
    assert.equal(accepted.status, 202, JSON.stringify(accepted.body));
    const job = await finished(stack, accepted.body.id);
    assert.equal(job.status, 'succeeded', JSON.stringify(job.lastError));
    assert.deepEqual(job.input, { recipients: 4, subject: 'Names', attachments: 0 });
    assert.deepEqual(job.result.accepted.sort(), [
      'ada.l@example.com',
      'ada@example.com',
      'charles@example.com',
      'hidden@example.com',
    ]);

    const [message] = await stack.sink.waitForMessages(1);
    assert.equal(stack.sink.messages.length, 1);
    assert.deepEqual(
      message!.envelope.to.sort(),
      ['ada.l@example.com', 'ada@example.com', 'charles@example.com', 'hidden@example.com'],
      'RCPT TO: bare addresses, one each',
    );
    assert.deepEqual(message!.parsed.to, [
      { name: 'Ada Lovelace', address: 'ada@example.com' },
      { name: 'Lovelace, Ada', address: 'ada.l@example.com' },
    ]);
    assert.deepEqual(message!.parsed.cc, [{ name: 'Charles Babbage', address: 'charles@example.com' }]);
    assert.deepEqual(message!.parsed.replyTo, [{ name: 'Help, Desk', address: 'help@example.com' }]);
    assert.deepEqual(message!.parsed.from, { name: 'Shop', address: 'shop@example.com' });
    const raw = message!.raw.toString();
    assert.ok(!/hidden|Harry/i.test(raw), 'bcc, name and address, stays out of the headers');
  });

  it('retries 421 three times, then succeeds after 4 attempts with exactly one message received', async () => {
    stack.sink.replyNext(421, 'Try again later', 3);
    const accepted = await stack.api.request('POST', '/v1/emails', {
      to: ['ada@example.com'],
      subject: 'Flaky',
      text: 'x',
    });
    const job = await finished(stack, accepted.body.id);
    assert.equal(job.status, 'succeeded');
    assert.equal(job.attempts, 4);
    assert.equal(stack.sink.attempts, 4);
    assert.equal(stack.sink.messages.length, 1);
  });

  it('fails at once on 550, after one attempt, with the SMTP code and text on the job', async () => {
    stack.sink.replyNext(550, 'Mailbox unavailable');
    const accepted = await stack.api.request('POST', '/v1/emails', {
      to: ['nobody@example.com'],
      subject: 'Bounce',
      text: 'x',
    });
    const job = await finished(stack, accepted.body.id);
    assert.equal(job.status, 'failed');
    assert.equal(stack.sink.attempts, 1);
    assert.equal(job.lastError.type, 'SmtpPermanentFailure');
    assert.equal(job.lastError.code, 550);
    assert.equal(job.lastError.nonRetryable, true);
    assert.match(job.lastError.message, /550 Mailbox unavailable/);
  });

  it('shows retrying with attempts and the last error while the server keeps refusing', async () => {
    stack.sink.replyNext(451, 'Local error', 30);
    const accepted = await stack.api.request('POST', '/v1/emails', {
      to: ['ada@example.com'],
      subject: 'Stuck',
      text: 'x',
    });
    const job = await waitFor(
      async () => {
        const { body } = await stack.api.request('GET', `/v1/jobs/${accepted.body.id}`);
        return body.status === 'retrying' && body.attempts >= 2 && body;
      },
      { timeoutMs: 15_000, what: 'a retrying job' },
    );
    assert.equal(job.lastError.code, 451);
    assert.equal(job.lastError.nonRetryable, false);
    const cancelled = await stack.api.request('POST', `/v1/jobs/${accepted.body.id}/cancel`);
    assert.equal(cancelled.status, 202);
  });
});
