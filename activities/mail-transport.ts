import nodemailer, { type SMTPPoolOptions, type SMTPPoolSentMessageInfo, type Transporter } from 'nodemailer';

export type MailTransport = Transporter<SMTPPoolSentMessageInfo, SMTPPoolOptions>;

export interface SmtpTimeouts {
  /** Opening the TCP (and TLS) connection, DNS included. */
  connectionMs: number;
  /** Waiting for the server's 220 greeting once connected. */
  greetingMs: number;
  /** Silence on an open connection, between any two replies. */
  socketMs: number;
}

export interface SmtpPoolLimits {
  maxConnections: number;
  /** Messages per connection before it is replaced. */
  maxMessages: number;
}

export interface MailTransportOptions {
  /** smtp://user:pass@host:587 or smtps://host:465; credentials travel in the URL. */
  url: string;
  tls?: { rejectUnauthorized?: boolean };
  pool: SmtpPoolLimits;
  timeouts: SmtpTimeouts;
}

// nodemailer waits up to 2 min to connect and 10 min on a silent socket. The smtpSend
// activity's start-to-close timeout must outlast one whole send, so ours stay far below it:
// a dead server then fails the attempt with ETIMEDOUT instead of the activity timing out blind.
export const DEFAULT_SMTP_TIMEOUTS: Readonly<SmtpTimeouts> = Object.freeze({
  connectionMs: 10_000,
  greetingMs: 10_000,
  socketMs: 30_000,
});

export const DEFAULT_SMTP_POOL: Readonly<SmtpPoolLimits> = Object.freeze({
  maxConnections: 5,
  maxMessages: 100,
});

/** A pooled SMTP transport; close() it on shutdown so pooled connections say QUIT. */
export function createMailTransport(options: MailTransportOptions): MailTransport {
  return nodemailer.createTransport({
    pool: true,
    url: options.url,
    maxConnections: options.pool.maxConnections,
    maxMessages: options.pool.maxMessages,
    connectionTimeout: options.timeouts.connectionMs,
    greetingTimeout: options.timeouts.greetingMs,
    socketTimeout: options.timeouts.socketMs,
    // The pool resends on its own only when not one byte of the message went out (a pooled
    // connection the server had closed, a close before the greeting); one retry covers that.
    // Every other retry belongs to Temporal, where it is visible and follows the retry policy.
    maxRequeues: 1,
    // Message fields come from API callers: never let them make the worker read a file or fetch a URL.
    disableFileAccess: true,
    disableUrlAccess: true,
    ...(options.tls ? { tls: { ...options.tls } } : {}),
  });
}
