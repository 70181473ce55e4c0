import { defineQuery, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { createEmailActivities, EmailMessage, SmtpSendResult } from '../activities/email';
import { EMAIL_NOT_WAITING, SMTP_PERMANENT_FAILURE } from './shared/failure-types';
import { emailMessageId } from './shared/message-id';
import { type SendTimeState, sendTimeControls } from './shared/send-time-controls';

export interface EmailRetryPolicy {
  initialIntervalMs: number;
  maximumIntervalMs: number;
  /** Give up on a transient failure after this long in total (the send deadline). */
  deadlineMs: number;
}

/**
 * A job started by the API carries its `messageId`; a schedule's runs share one input, so they carry the
 * domain and each run derives its own from its workflow id (stable across retries and replays).
 */
export type SendEmailWorkflowInput = ({ messageId: string } | { messageIdDomain: string }) & {
  message: EmailMessage;
  /** ISO time to send at; absent means now. */
  sendAt?: string;
  retry: EmailRetryPolicy;
  /**
   * The task queue smtpSend runs on: the email kind's own queue while EMAIL_ACTIVITIES_PER_SECOND is
   * set when the job was accepted, rate-limited across all workers. Absent: the job's own task queue.
   */
  activityTaskQueue?: string;
}

export interface SendEmailResult {
  messageId: string;
  accepted: string[];
  rejected: string[];
  attempts: number;
}

export type EmailPhase = 'waiting' | 'sending' | 'sent';
export type EmailState = SendTimeState<EmailPhase>;

export const emailStateQuery = defineQuery<EmailState>('state');

/** Sends one email, at `sendAt` if given: a durable timer that can be moved, skipped or cancelled. */
export async function sendEmail(input: SendEmailWorkflowInput): Promise<SendEmailResult> {
  let phase: EmailPhase = 'waiting';
  const sendTime = sendTimeControls({ sendAt: input.sendAt, phase: () => phase, noun: 'email', notWaitingType: EMAIL_NOT_WAITING });
  setHandler(emailStateQuery, sendTime.state);

  // A cancellation while waiting ends the workflow here, as cancelled, before anything is sent.
  await sendTime.due();
  phase = 'sending';

  const { smtpSend } = proxyActivities<ReturnType<typeof createEmailActivities>>({
    // Undefined keeps the workflow's own queue: histories from before the field replay unchanged.
    taskQueue: input.activityTaskQueue,
    // Above nodemailer's connection + greeting + socket timeouts, so those fire first.
    startToCloseTimeout: '2 minutes',
    scheduleToCloseTimeout: input.retry.deadlineMs,
    retry: {
      initialInterval: input.retry.initialIntervalMs,
      backoffCoefficient: 2,
      maximumInterval: input.retry.maximumIntervalMs,
      nonRetryableErrorTypes: [SMTP_PERMANENT_FAILURE],
    },
  });
  const { workflowId } = workflowInfo();
  const messageId = 'messageId' in input ? input.messageId : emailMessageId(workflowId, input.messageIdDomain);
  const sent: SmtpSendResult = await smtpSend({ jobId: workflowId, messageId, message: input.message });
  phase = 'sent';
  return { messageId: sent.messageId, accepted: sent.accepted, rejected: sent.rejected, attempts: sent.attempt };
}
