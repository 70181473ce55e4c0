// The classification table on its own, for the nodemailer errors the sink cannot easily
// provoke (AUTH, TLS, DNS). The end-to-end cases live in email-failures.test.ts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifySmtpError } from '../../activities/smtp-failure';
import { SMTP_PERMANENT_FAILURE, SMTP_TRANSIENT_FAILURE } from '../../workflows/shared/failure-types';

function nodemailerError(
  message: string,
  fields: { code?: string; originalCode?: string; command?: string; response?: string },
) {
  const responseCode = Number(fields.response?.match(/^\d{3}/)?.[0]) || undefined;
  return Object.assign(new Error(fields.response ? `${message}: ${fields.response}` : message), fields, {
    responseCode,
  });
}

const cases: [string, Error, string][] = [
  [
    'a 421 greeting (service not available)',
    nodemailerError('Invalid greeting', { code: 'EPROTOCOL', response: '421 Too many connections', command: 'CONN' }),
    SMTP_TRANSIENT_FAILURE,
  ],
  [
    'a 452 to RCPT TO (insufficient storage)',
    nodemailerError('Recipient command failed', {
      code: 'EENVELOPE',
      response: '452 Mailbox full',
      command: 'RCPT TO',
    }),
    SMTP_TRANSIENT_FAILURE,
  ],
  [
    'a 454 to AUTH (temporary authentication failure)',
    nodemailerError('Invalid login', { code: 'EAUTH', response: '454 4.7.0 Try again later', command: 'AUTH PLAIN' }),
    SMTP_TRANSIENT_FAILURE,
  ],
  [
    'a 503 (bad sequence of commands)',
    nodemailerError('Data command failed', { code: 'EENVELOPE', response: '503 Bad sequence', command: 'DATA' }),
    SMTP_TRANSIENT_FAILURE,
  ],
  [
    'a reset connection',
    nodemailerError('read ECONNRESET', { code: 'ESOCKET', originalCode: 'ECONNRESET', command: 'CONN' }),
    SMTP_TRANSIENT_FAILURE,
  ],
  [
    'a connection closed mid-session',
    nodemailerError('Connection closed unexpectedly', { code: 'ECONNECTION', command: 'CONN' }),
    SMTP_TRANSIENT_FAILURE,
  ],
  [
    'a socket left idle past the timeout',
    nodemailerError('Timeout', { code: 'ETIMEDOUT', command: 'CONN' }),
    SMTP_TRANSIENT_FAILURE,
  ],
  [
    'a host name that does not resolve right now',
    nodemailerError('getaddrinfo EAI_AGAIN smtp.test', { code: 'EDNS', originalCode: 'EAI_AGAIN' }),
    SMTP_TRANSIENT_FAILURE,
  ],
  ['a closed pool (worker shutting down)', new Error('Connection pool was closed'), SMTP_TRANSIENT_FAILURE],
  [
    'a 535 to AUTH (bad credentials)',
    nodemailerError('Invalid login', {
      code: 'EAUTH',
      response: '535 5.7.8 Authentication failed',
      command: 'AUTH PLAIN',
    }),
    SMTP_PERMANENT_FAILURE,
  ],
  [
    'missing credentials',
    nodemailerError('Missing credentials for "PLAIN"', { code: 'EAUTH', command: 'API' }),
    SMTP_PERMANENT_FAILURE,
  ],
  [
    'a 550 to RCPT TO',
    nodemailerError("Can't send mail - all recipients were rejected", {
      code: 'EENVELOPE',
      response: '550 No such user',
      command: 'RCPT TO',
    }),
    SMTP_PERMANENT_FAILURE,
  ],
  [
    'a 554 to DATA (message refused as spam)',
    nodemailerError('Message failed', { code: 'EMESSAGE', response: '554 5.7.1 Spam', command: 'DATA' }),
    SMTP_PERMANENT_FAILURE,
  ],
  [
    'an invalid recipient address',
    nodemailerError('Invalid recipient "not an address"', { code: 'EENVELOPE', command: 'API' }),
    SMTP_PERMANENT_FAILURE,
  ],
  [
    'a message larger than the server allows',
    nodemailerError('Message size larger than allowed 1000', { code: 'EMESSAGE', command: 'MAIL FROM' }),
    SMTP_PERMANENT_FAILURE,
  ],
  [
    'an expired server certificate',
    nodemailerError('certificate has expired', { code: 'ESOCKET', originalCode: 'CERT_HAS_EXPIRED', command: 'CONN' }),
    SMTP_PERMANENT_FAILURE,
  ],
];

void describe('classifySmtpError', () => {
  for (const [situation, error, type] of cases) {
    void it(`treats ${situation} as ${type === SMTP_TRANSIENT_FAILURE ? 'retryable' : 'permanent'}`, () => {
      const failure = classifySmtpError(error);
      assert.equal(failure.type, type);
      assert.equal(failure.nonRetryable, type === SMTP_PERMANENT_FAILURE);
      assert.equal(failure.cause, error);
    });
  }

  void it('names the code, the server text and the command in the message and the details', () => {
    const failure = classifySmtpError(
      nodemailerError('Message failed', {
        code: 'EMESSAGE',
        response: '550 5.1.1 <ada@example.com>: Recipient address rejected',
        command: 'DATA',
      }),
    );
    assert.equal(
      failure.message,
      'Message failed: 550 5.1.1 <ada@example.com>: Recipient address rejected [EMESSAGE at DATA]',
    );
    assert.deepEqual(failure.details, [
      {
        smtpCode: 550,
        smtpResponse: '550 5.1.1 <ada@example.com>: Recipient address rejected',
        command: 'DATA',
        errorCode: 'EMESSAGE',
        originalCode: undefined,
      },
    ]);
  });

  void it('describes a failure without a reply by its codes', () => {
    const failure = classifySmtpError(
      nodemailerError('connect ECONNREFUSED 127.0.0.1:2525', {
        code: 'ESOCKET',
        originalCode: 'ECONNREFUSED',
        command: 'CONN',
      }),
    );
    assert.equal(failure.message, 'connect ECONNREFUSED 127.0.0.1:2525 [ESOCKET ECONNREFUSED at CONN]');
    assert.equal(failure.details?.[0] && (failure.details[0] as { smtpCode: unknown }).smtpCode, undefined);
  });

  void it('treats something that is not an Error at all as retryable', () => {
    const failure = classifySmtpError('socket hang up');
    assert.equal(failure.type, SMTP_TRANSIENT_FAILURE);
    assert.equal(failure.message, 'socket hang up');
  });
});
