import { ApplicationFailure } from '@temporalio/common';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import type { SmtpSendResult } from '../../activities/email';
import type { SmtpFailureDetails } from '../../activities/smtp-failure';
import type { AttemptRecord } from '../../activities/webhooks';
import { codeClass, type JobMetrics } from './job-metrics';

// What a reply-less failure was: nodemailer's error codes (smtp-failure.ts), and the webhook HTTP client's messages.
const SMTP_NETWORK_CODES = new Set(['ECONNECTION', 'ESOCKET', 'EDNS', 'ETLS', 'EPROTOCOL']);
const TIMEOUT_MESSAGE = /timeout|timed out|no complete response within/i;

/** An HTTP attempt's outcome as postWebhook returns it: every HTTP-level outcome is a record, never an error. */
export function webhookStatusClass(record: Pick<AttemptRecord, 'statusCode' | 'error'>): string {
  if (record.statusCode !== undefined) return codeClass(record.statusCode);
  return TIMEOUT_MESSAGE.test(record.error ?? '') ? 'timeout' : 'network';
}

/** An SMTP send's outcome: the class of the server's reply; without one, what kept it from replying. */
export function smtpReplyClass(outcome: { result?: Pick<SmtpSendResult, 'response'>; error?: unknown }): string {
  if (outcome.result)
    return /^\d{3}/.test(outcome.result.response) ? codeClass(Number(outcome.result.response.slice(0, 3))) : '2xx';
  const details = (outcome.error instanceof ApplicationFailure ? outcome.error.details?.[0] : undefined) as
    Partial<SmtpFailureDetails> | undefined;
  if (details?.smtpCode !== undefined) return codeClass(details.smtpCode);
  if (details?.errorCode === 'ETIMEDOUT') return 'timeout';
  return details?.errorCode !== undefined && SMTP_NETWORK_CODES.has(details.errorCode) ? 'network' : 'none';
}

/**
 * Counts webhook attempts and SMTP replies from what their activities return or throw, on every worker that runs
 * them (the task queue's and the kind queues'). Cancelled attempts, and refusals before any request (a disabled
 * endpoint, a forbidden address), count as neither.
 */
export function activityMetrics(metrics: JobMetrics): ActivityInterceptorsFactory {
  return (ctx) => ({
    inbound: {
      execute: async (input, next) => {
        const type = ctx.info.activityType;
        if (type !== 'postWebhook' && type !== 'smtpSend') return next(input);
        try {
          const result = await next(input);
          if (type === 'postWebhook') metrics.webhookAttempt(webhookStatusClass(result as AttemptRecord));
          else metrics.smtpReply(smtpReplyClass({ result: result as SmtpSendResult }));
          return result;
        } catch (error) {
          if (type === 'smtpSend' && error instanceof ApplicationFailure) metrics.smtpReply(smtpReplyClass({ error }));
          throw error;
        }
      },
    },
  });
}
