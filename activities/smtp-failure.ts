import { ApplicationFailure } from '@temporalio/common';
import { SMTP_PERMANENT_FAILURE, SMTP_TRANSIENT_FAILURE } from '../workflows/shared/failure-types';

/** What the job view shows of a failed send, e.g. { smtpCode: 550, smtpResponse: '550 No such user', command: 'RCPT TO' }. */
export interface SmtpFailureDetails {
  smtpCode: number | undefined;
  smtpResponse: string | undefined;
  /** The SMTP step that failed ('CONN', 'MAIL FROM', 'RCPT TO', 'DATA', 'AUTH PLAIN'…). */
  command: string | undefined;
  /** nodemailer's code: ECONNECTION, ETIMEDOUT, ESOCKET, EAUTH, EENVELOPE, EMESSAGE… */
  errorCode: string | undefined;
  /** The underlying system code, e.g. ECONNREFUSED under ESOCKET. */
  originalCode: string | undefined;
}

// Failures with no SMTP reply that describe the message or our configuration, not the
// moment: the same credentials, addresses and content get the same answer on every attempt.
const PERMANENT_WITHOUT_REPLY = new Set([
  'EAUTH', // credentials refused or no common AUTH method
  'ENOAUTH', // the server requires credentials and none are configured
  'EENVELOPE', // invalid sender or recipient address, no recipients
  'EMESSAGE', // larger than the server's advertised SIZE, empty message
  'ESTREAM', // the message itself could not be built (bad attachment data)
  'EREQUIRETLS',
  'EMAXRECIPIENTS',
  'ECONFIG',
]);

// The server's certificate failed verification: it will present the same one next time,
// so retrying only delays the answer until someone fixes TLS settings or the certificate.
const CERTIFICATE_REJECTED = new Set([
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

interface NodemailerErrorFields {
  message?: unknown;
  code?: unknown;
  originalCode?: unknown;
  command?: unknown;
  response?: unknown;
  responseCode?: unknown;
}

export function smtpFailureDetails(err: unknown): SmtpFailureDetails {
  const e: NodemailerErrorFields = typeof err === 'object' && err !== null ? err : {};
  return {
    smtpCode: typeof e.responseCode === 'number' ? e.responseCode : undefined,
    smtpResponse: typeof e.response === 'string' ? e.response : undefined,
    command: typeof e.command === 'string' ? e.command : undefined,
    errorCode: typeof e.code === 'string' ? e.code : undefined,
    originalCode: typeof e.originalCode === 'string' ? e.originalCode : undefined,
  };
}

/**
 * RFC 5321: 5yz replies are permanent, 4yz transient. 503 (bad sequence of commands) is about
 * the session's state, not the message, so a fresh connection can succeed; an unexpected 2yz
 * or 3yz reply is a protocol hiccup. nodemailer's `permanent` flag draws the same line.
 */
export function isPermanentSmtpCode(code: number): boolean {
  return code >= 500 && code < 600 && code !== 503;
}

export function isPermanentSmtpError(details: SmtpFailureDetails): boolean {
  // A reply code is the server's own verdict and wins over the error class: a 454 during
  // AUTH is a temporary refusal, a 550 to RCPT TO is final.
  if (details.smtpCode !== undefined) return isPermanentSmtpCode(details.smtpCode);
  if (details.originalCode !== undefined && CERTIFICATE_REJECTED.has(details.originalCode)) return true;
  // Everything else without a reply (refused, reset, dropped, timed out, no greeting, DNS)
  // says nothing about the message, so another attempt may go through.
  return details.errorCode !== undefined && PERMANENT_WITHOUT_REPLY.has(details.errorCode);
}

/** Turns whatever nodemailer threw into a typed failure the workflow and the job view understand. */
export function classifySmtpError(err: unknown): ApplicationFailure {
  const details = smtpFailureDetails(err);
  const message = describe(err, details);
  const cause = err instanceof Error ? err : undefined;
  // Permanent: the same server, credentials and message would get the same answer, so a
  // retry only delays telling the caller. Transient: nothing was said about the message.
  return isPermanentSmtpError(details)
    ? ApplicationFailure.create({
        message,
        type: SMTP_PERMANENT_FAILURE,
        nonRetryable: true,
        details: [details],
        cause,
      })
    : ApplicationFailure.create({
        message,
        type: SMTP_TRANSIENT_FAILURE,
        nonRetryable: false,
        details: [details],
        cause,
      });
}

/** A transient failure once the send deadline has passed: the same failure, made final. */
export function finalAfterDeadline(failure: ApplicationFailure, deadlineMs: number): ApplicationFailure {
  if (failure.nonRetryable) return failure;
  const message = `${failure.message} (the send deadline, ${deadlineMs} ms after the first attempt, has passed)`;
  return ApplicationFailure.create({
    message,
    type: failure.type ?? undefined,
    nonRetryable: true,
    details: failure.details ?? undefined,
    cause: failure.cause,
  });
}

// nodemailer already appends the server's reply ("Message failed: 550 No such user"); the
// step and the error code make a reply-less failure readable too ("Connection timeout [ETIMEDOUT at CONN]").
function describe(err: unknown, d: SmtpFailureDetails): string {
  const text = err instanceof Error ? err.message : String(err);
  const where = [d.errorCode, d.originalCode, d.command && `at ${d.command}`].filter(Boolean).join(' ');
  const withReply =
    d.smtpResponse !== undefined && !text.includes(d.smtpResponse) ? `${text}: ${d.smtpResponse}` : text;
  return where ? `${withReply} [${where}]` : withReply;
}
