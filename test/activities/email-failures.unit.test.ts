import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import type { Info } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { createEmailActivities, type SendEmailInput } from '../../activities/email';
import {
  createMailTransport,
  DEFAULT_SMTP_POOL,
  type MailTransport,
  type SmtpTimeouts,
} from '../../activities/mail-transport';
import type { SmtpFailureDetails } from '../../activities/smtp-failure';
import { SMTP_PERMANENT_FAILURE, SMTP_TRANSIENT_FAILURE } from '../../workflows/shared/failure-types';
import { closedPort, startSilentServer, startSmtpSink, type SmtpSink } from '../helpers/smtp-sink';

const input: SendEmailInput = {
  jobId: 'email-01JFAIL',
  messageId: '<email-01JFAIL@afterward.test>',
  message: { to: ['ada@example.com'], subject: 'Reminder', text: 'Hello' },
};
const shortTimeouts: SmtpTimeouts = { connectionMs: 500, greetingMs: 300, socketMs: 1_000 };

let transport: MailTransport | undefined;
/** One attempt's sender; `info` sets the attempt's activity info (its attempt number, the heartbeat details it inherits). */
function sendTo(url: string, info: Partial<Info> = {}) {
  transport = createMailTransport({ url, pool: DEFAULT_SMTP_POOL, timeouts: shortTimeouts });
  const { smtpSend } = createEmailActivities({ transport, defaultFrom: 'noreply@afterward.test' });
  const env = quietEnvironment(info);
  return Object.assign((value: SendEmailInput = input) => env.run(smtpSend, value), { env });
}
const quietEnvironment = (info: Partial<Info> = {}) =>
  new MockActivityEnvironment(info, { logger: new DefaultLogger('ERROR') });

async function failureOf(attempt: Promise<unknown>): Promise<ApplicationFailure> {
  const err: unknown = await attempt.then(
    () => assert.fail('expected the send to fail'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof ApplicationFailure, `expected an ApplicationFailure, got ${String(err)}`);
  return err;
}
const detailsOf = (failure: ApplicationFailure) => failure.details?.[0] as SmtpFailureDetails;

afterEach(() => transport?.close());

void describe('smtpSend when the server answers with an error', () => {
  let sink: SmtpSink;
  before(async () => {
    sink = await startSmtpSink();
  });
  afterEach(() => sink.reset());
  after(() => sink.close());

  for (const code of [421, 450, 451]) {
    void it(`retries a ${code} reply and delivers the mail once on the next attempt`, async () => {
      const send = sendTo(sink.url);
      sink.replyNext(code, 'Try again later');

      const failure = await failureOf(send());
      assert.equal(failure.type, SMTP_TRANSIENT_FAILURE);
      assert.equal(failure.nonRetryable, false);
      assert.equal(detailsOf(failure).smtpCode, code);
      assert.equal(detailsOf(failure).command, 'DATA');
      assert.match(failure.message, new RegExp(`${code} Try again later`));

      await send();
      assert.equal(sink.attempts, 2);
      assert.equal(sink.messages.length, 1);
    });
  }

  void it('keeps failing a deferral until the server accepts: 4 attempts, exactly one message received', async () => {
    const send = sendTo(sink.url);
    sink.replyNext(421, 'Too busy', 3);

    for (let attempt = 1; attempt <= 3; attempt++) {
      assert.equal((await failureOf(send())).type, SMTP_TRANSIENT_FAILURE);
    }
    await send();
    assert.equal(sink.attempts, 4);
    assert.equal(sink.messages.length, 1);
  });

  void it('makes a transient failure final once the deadline, counted from the first attempt, has passed', async () => {
    sink.replyNext(451, 'Try again later', 2);
    const withDeadline = { ...input, deadlineMs: 60_000 };
    const within = await failureOf(
      sendTo(sink.url, { attempt: 5, heartbeatDetails: { firstAttemptAt: Date.now() - 50_000 } })(withDeadline),
    );
    assert.equal(within.nonRetryable, false);

    const past = await failureOf(
      sendTo(sink.url, { attempt: 6, heartbeatDetails: { firstAttemptAt: Date.now() - 61_000 } })(withDeadline),
    );
    assert.equal(past.type, SMTP_TRANSIENT_FAILURE);
    assert.equal(past.nonRetryable, true);
    assert.equal(detailsOf(past).smtpCode, 451);
    assert.match(past.message, /451 Try again later.*send deadline, 60000 ms after the first attempt, has passed/);
  });

  void it('heartbeats the start of the first attempt, and a later attempt passes on the one it inherited', async () => {
    const first = sendTo(sink.url);
    const firstBeats: unknown[] = [];
    first.env.on('heartbeat', (details: unknown) => firstBeats.push(details));
    const before = Date.now();
    await first();
    const { firstAttemptAt } = firstBeats[0] as { firstAttemptAt: number };
    assert.ok(firstAttemptAt >= before && firstAttemptAt <= Date.now());

    const later = sendTo(sink.url, { attempt: 2, heartbeatDetails: { firstAttemptAt: 1234 } });
    const laterBeats: unknown[] = [];
    later.env.on('heartbeat', (details: unknown) => laterBeats.push(details));
    await later();
    assert.deepEqual(laterBeats[0], { firstAttemptAt: 1234 });
  });

  void it("counts the deadline from the workflow's firstAttemptAt for an attempt of its own, and a local one does not heartbeat", async () => {
    sink.replyNext(451, 'Try again later');
    const local = sendTo(sink.url, { isLocal: true });
    const beats: unknown[] = [];
    local.env.on('heartbeat', (details: unknown) => beats.push(details));
    const past = await failureOf(local({ ...input, deadlineMs: 60_000, firstAttemptAt: Date.now() - 61_000 }));
    assert.equal(past.nonRetryable, true);
    assert.match(past.message, /send deadline, 60000 ms after the first attempt, has passed/);
    assert.deepEqual(beats, []);

    const own = sendTo(sink.url, { attempt: 1 });
    const ownBeats: unknown[] = [];
    own.env.on('heartbeat', (details: unknown) => ownBeats.push(details));
    await own({ ...input, deadlineMs: 60_000, firstAttemptAt: 1234 });
    assert.deepEqual(ownBeats[0], { firstAttemptAt: 1234 }, 'passed on to a Temporal retry of the attempt');
  });

  void it('gives up on a 550 reply with the code and the server text', async () => {
    sink.replyNext(550, 'Mailbox unavailable');
    const failure = await failureOf(sendTo(sink.url)());

    assert.equal(failure.type, SMTP_PERMANENT_FAILURE);
    assert.equal(failure.nonRetryable, true);
    assert.deepEqual(detailsOf(failure), {
      smtpCode: 550,
      smtpResponse: '550 Mailbox unavailable',
      command: 'DATA',
      errorCode: 'EMESSAGE',
      originalCode: undefined,
    });
    assert.match(failure.message, /550 Mailbox unavailable/);
    assert.equal(sink.messages.length, 0);
  });

  void it('gives up when every recipient is refused with a 5xx reply', async () => {
    sink.replyNext(553, 'Not a valid mailbox', 1, { at: 'RCPT' });
    const failure = await failureOf(sendTo(sink.url)());

    assert.equal(failure.type, SMTP_PERMANENT_FAILURE);
    assert.equal(detailsOf(failure).smtpCode, 553);
    assert.equal(detailsOf(failure).command, 'RCPT TO');
  });

  void it('retries when every recipient is refused and one refusal is temporary', async () => {
    sink.replyNext(550, 'No such user', 1, { at: 'RCPT' });
    sink.replyNext(452, 'Mailbox full, try later', 1, { at: 'RCPT' });
    const toBoth = { ...input, message: { ...input.message, to: ['ghost@example.com', 'full@example.com'] } };
    const failure = await failureOf(sendTo(sink.url)(toBoth));

    assert.equal(failure.type, SMTP_TRANSIENT_FAILURE);
    assert.equal(detailsOf(failure).smtpCode, 452);
  });

  void it('retries a connection lost after DATA, and the retry carries the same Message-ID', async () => {
    const send = sendTo(sink.url);
    sink.dropAfterDataNext();

    const failure = await failureOf(send());
    assert.equal(failure.type, SMTP_TRANSIENT_FAILURE);
    assert.equal(detailsOf(failure).smtpCode, undefined);
    assert.equal(sink.attempts, 1, 'the pool must not resend a message the server may already have');

    await send();
    const received = await sink.waitForMessages(2);
    assert.deepEqual(
      received.map((m) => m.parsed.messageId),
      [input.messageId, input.messageId],
    );
  });
});

void describe('smtpSend when the server cannot be reached', () => {
  void it('retries when the connection is refused', async () => {
    const failure = await failureOf(sendTo(`smtp://127.0.0.1:${await closedPort()}`)());

    assert.equal(failure.type, SMTP_TRANSIENT_FAILURE);
    assert.equal(detailsOf(failure).errorCode, 'ESOCKET');
    assert.equal(detailsOf(failure).originalCode, 'ECONNREFUSED');
    assert.equal(detailsOf(failure).smtpCode, undefined);
  });

  void it('retries, within the greeting timeout, when the server never greets', async () => {
    const silent = await startSilentServer();
    try {
      const failure = await failureOf(sendTo(silent.url)());

      assert.equal(failure.type, SMTP_TRANSIENT_FAILURE);
      assert.equal(detailsOf(failure).errorCode, 'ETIMEDOUT');
    } finally {
      await silent.close();
    }
  });

  void it('stops waiting as soon as the activity is cancelled, reporting a cancellation rather than an SMTP failure', async () => {
    const silent = await startSilentServer();
    const env = quietEnvironment();
    try {
      transport = createMailTransport({
        url: silent.url,
        pool: DEFAULT_SMTP_POOL,
        timeouts: { connectionMs: 30_000, greetingMs: 30_000, socketMs: 30_000 },
      });
      const { smtpSend } = createEmailActivities({ transport, defaultFrom: 'noreply@afterward.test' });
      // With 30 s timeouts, a send that ignored the cancellation would outlast the unit tier's per-test timeout.
      const sending = env.run(smtpSend, input);
      setTimeout(() => env.cancel(), 100);

      const err: unknown = await sending.then(
        () => assert.fail('expected a cancellation'),
        (e: unknown) => e,
      );
      assert.ok(err instanceof Error);
      assert.equal(err.name, 'AbortError');
      assert.ok(!(err instanceof ApplicationFailure));
    } finally {
      await silent.close();
    }
  });
});
