import { Context } from '@temporalio/activity';
import type { SendMailOptions, SMTPPoolSentMessageInfo, Transporter } from 'nodemailer';
import { classifySmtpError, finalAfterDeadline } from './smtp-failure';

export interface EmailAttachment {
  filename: string;
  contentType?: string;
  contentBase64: string;
}

export interface EmailMessage {
  to: string[];
  cc?: string[];
  bcc?: string[];
  /** Falls back to the worker's default sender. */
  from?: string;
  replyTo?: string;
  subject: string;
  text?: string;
  html?: string;
  headers?: Record<string, string>;
  attachments?: EmailAttachment[];
}

export interface SendEmailInput {
  jobId: string;
  /** Stable per job, e.g. `<email-01J…@afterward>`: the same on every attempt. */
  messageId: string;
  message: EmailMessage;
  /**
   * The send deadline, counted from the first attempt: a transient failure after it is final. Absent (jobs
   * from before it): the workflow's schedule-to-close timeout bounds the retries instead.
   */
  deadlineMs?: number;
  /**
   * When the first attempt started (epoch ms), from a workflow that runs one activity per attempt; absent: the
   * heartbeat details Temporal hands to its next attempt keep it.
   */
  firstAttemptAt?: number;
}

/** The heartbeat's details, which Temporal hands to the next attempt. */
interface SmtpHeartbeat {
  firstAttemptAt: number;
}

export interface SmtpSendResult {
  /** The Message-ID header as sent, in angle brackets. */
  messageId: string;
  accepted: string[];
  /** Recipients the server refused while it took the message for the others. */
  rejected: string[];
  /** The server's reply to DATA, e.g. `250 2.0.0 Ok: queued as 4F3A1`. */
  response: string;
  /** Which attempt of the activity delivered it (1 = first try). */
  attempt: number;
}

export type EmailTransport = Pick<Transporter<SMTPPoolSentMessageInfo>, 'sendMail'>;

export interface EmailActivityDeps {
  transport: EmailTransport;
  defaultFrom: string;
}

/** Well below the workflow's heartbeat timeout (20 s), so a live attempt is never taken for a lost one. */
const HEARTBEAT_INTERVAL_MS = 5_000;

export function createEmailActivities({ transport, defaultFrom }: EmailActivityDeps) {
  return {
    async smtpSend(input: SendEmailInput): Promise<SmtpSendResult> {
      const { jobId, messageId, message, deadlineMs } = input;
      const context = Context.current();
      const { cancellationSignal: signal, log, info: activityInfo } = context;
      // The first attempt's start travels in the heartbeat details; were they lost, the deadline only starts later.
      const firstAttemptAt =
        input.firstAttemptAt ??
        (activityInfo.heartbeatDetails as SmtpHeartbeat | undefined)?.firstAttemptAt ??
        Date.now();
      // While it sends, so the server notices a dead worker within the heartbeat timeout (and cancellation reaches it).
      // A local activity has no heartbeat: its workflow task's timeout notices a dead worker.
      const beat = () => activityInfo.isLocal || context.heartbeat({ firstAttemptAt } satisfies SmtpHeartbeat);
      beat();
      const heartbeat = setInterval(beat, HEARTBEAT_INTERVAL_MS);
      try {
        const info = await transport.sendMail({ ...toMailOptions(message, defaultFrom), messageId, signal });
        log.info('Email accepted by the SMTP server', {
          jobId,
          messageId: info.messageId,
          rejected: info.rejected.length,
        });
        return {
          messageId: info.messageId,
          accepted: info.accepted,
          rejected: info.rejected,
          response: info.response,
          attempt: activityInfo.attempt,
        };
      } catch (err) {
        // Cancelled (job cancelled, worker shutting down): nodemailer's AbortError goes out as
        // is, so Temporal records a cancellation rather than an SMTP failure.
        if (signal.aborted && err instanceof Error && err.name === 'AbortError') throw err;
        const failure = classifySmtpError(err);
        const pastDeadline = deadlineMs !== undefined && Date.now() - firstAttemptAt >= deadlineMs;
        throw pastDeadline ? finalAfterDeadline(failure, deadlineMs) : failure;
      } finally {
        clearInterval(heartbeat);
      }
    },
  };
}

// Bcc goes into the envelope only: nodemailer never writes a Bcc header for SMTP.
function toMailOptions(message: EmailMessage, defaultFrom: string): SendMailOptions {
  return {
    from: message.from ?? defaultFrom,
    to: message.to,
    cc: message.cc,
    bcc: message.bcc,
    replyTo: message.replyTo,
    subject: message.subject,
    text: message.text,
    html: message.html,
    headers: message.headers,
    attachments: message.attachments?.map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      content: a.contentBase64,
      encoding: 'base64',
    })),
  };
}
