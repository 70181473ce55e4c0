import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { createEmailActivities, type SendEmailInput, type SmtpSendResult } from '../../activities/email';
import {
  createMailTransport,
  DEFAULT_SMTP_POOL,
  DEFAULT_SMTP_TIMEOUTS,
  type MailTransport,
} from '../../activities/mail-transport';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink';

const input = (overrides: Partial<SendEmailInput['message']> = {}): SendEmailInput => ({
  jobId: 'email-01JTEST',
  messageId: '<email-01JTEST@afterward.test>',
  message: { to: ['ada@example.com'], subject: 'Welcome', text: 'Hello Ada', ...overrides },
});

void describe('smtpSend against a real SMTP server', () => {
  let sink: SmtpSink;
  let transport: MailTransport;
  const send = (value: SendEmailInput) => {
    const { smtpSend } = createEmailActivities({ transport, defaultFrom: 'Afterward <noreply@afterward.test>' });
    const env = new MockActivityEnvironment({}, { logger: new DefaultLogger('ERROR') });
    return env.run<[SendEmailInput], SmtpSendResult, typeof smtpSend>(smtpSend, value);
  };

  before(async () => {
    sink = await startSmtpSink();
  });
  afterEach(() => {
    transport?.close();
    sink.reset();
  });
  after(() => sink.close());
  const connect = () => {
    transport = createMailTransport({ url: sink.url, pool: DEFAULT_SMTP_POOL, timeouts: DEFAULT_SMTP_TIMEOUTS });
  };

  void it('delivers the message with its addresses, subject, bodies, headers, attachment and the given Message-ID', async () => {
    connect();
    const result = await send(
      input({
        from: 'Billing <billing@shop.test>',
        to: ['ada@example.com', 'bob@example.com'],
        cc: ['carol@example.com'],
        replyTo: 'support@shop.test',
        subject: 'Your invoice №42',
        text: 'Plain body',
        html: '<p>HTML <b>body</b></p>',
        headers: { 'X-Campaign': 'spring', 'List-Unsubscribe': '<https://shop.test/u/1>' },
        attachments: [
          {
            filename: 'invoice.txt',
            contentType: 'text/plain',
            contentBase64: Buffer.from('total: 42').toString('base64'),
          },
        ],
      }),
    );

    const [received] = await sink.waitForMessages(1);
    assert.ok(received);
    const { parsed } = received;
    assert.equal(parsed.messageId, '<email-01JTEST@afterward.test>');
    assert.equal(parsed.from?.address, 'billing@shop.test');
    assert.deepEqual(
      parsed.to?.map((a) => a.address),
      ['ada@example.com', 'bob@example.com'],
    );
    assert.deepEqual(
      parsed.cc?.map((a) => a.address),
      ['carol@example.com'],
    );
    assert.deepEqual(
      parsed.replyTo?.map((a) => a.address),
      ['support@shop.test'],
    );
    assert.equal(parsed.subject, 'Your invoice №42');
    assert.equal(parsed.text?.trim(), 'Plain body');
    assert.equal(parsed.html?.trim(), '<p>HTML <b>body</b></p>');
    assert.equal(header(parsed.headers, 'x-campaign'), 'spring');
    assert.equal(header(parsed.headers, 'list-unsubscribe'), '<https://shop.test/u/1>');
    assert.equal(parsed.attachments.length, 1);
    assert.equal(parsed.attachments[0]?.filename, 'invoice.txt');
    assert.equal(parsed.attachments[0]?.mimeType, 'text/plain');
    assert.equal(Buffer.from(parsed.attachments[0]?.content as ArrayBuffer).toString(), 'total: 42');

    assert.deepEqual(received.envelope, {
      from: 'billing@shop.test',
      to: ['ada@example.com', 'bob@example.com', 'carol@example.com'],
    });
    assert.equal(result.messageId, '<email-01JTEST@afterward.test>');
    assert.deepEqual(result.accepted, ['ada@example.com', 'bob@example.com', 'carol@example.com']);
    assert.deepEqual(result.rejected, []);
    assert.match(result.response, /^250 /);
  });

  void it('delivers to Bcc recipients without naming them in the headers', async () => {
    connect();
    await send(input({ bcc: ['secret@example.com'] }));

    const [received] = await sink.waitForMessages(1);
    assert.ok(received);
    assert.deepEqual(received.envelope.to, ['ada@example.com', 'secret@example.com']);
    assert.equal(header(received.parsed.headers, 'bcc'), undefined);
    assert.doesNotMatch(received.raw.toString(), /secret@example\.com/);
  });

  void it('sends from the default sender when the message names none', async () => {
    connect();
    await send(input());

    const [received] = await sink.waitForMessages(1);
    assert.equal(received?.parsed.from?.address, 'noreply@afterward.test');
    assert.equal(received?.envelope.from, 'noreply@afterward.test');
  });

  void it('sends the same Message-ID every time the same input is sent', async () => {
    connect();
    const first = await send(input());
    const second = await send(input());

    const received = await sink.waitForMessages(2);
    assert.equal(first.messageId, second.messageId);
    assert.deepEqual(
      received.map((m) => m.parsed.messageId),
      ['<email-01JTEST@afterward.test>', '<email-01JTEST@afterward.test>'],
    );
  });

  void it('reports the recipients the server refused while it took the message for the others', async () => {
    connect();
    sink.replyNext(550, 'No such user here', 1, { at: 'RCPT' });
    const result = await send(input({ to: ['ghost@example.com', 'ada@example.com'] }));

    const [received] = await sink.waitForMessages(1);
    assert.deepEqual(received?.envelope.to, ['ada@example.com']);
    assert.deepEqual(result.accepted, ['ada@example.com']);
    assert.deepEqual(result.rejected, ['ghost@example.com']);
  });
});

function header(headers: { key: string; value: string }[], key: string): string | undefined {
  return headers.find((h) => h.key === key)?.value;
}
