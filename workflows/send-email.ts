import { defineQuery, patched, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { createEmailActivities, EmailMessage, SmtpSendResult } from '../activities/email';
import { attemptLoopStateQuery } from './shared/attempt-loop';
import { emailAttemptLoop } from './shared/email-attempt-loop';
import { summariseFailure } from './shared/failure-summary';
import { EMAIL_NOT_WAITING, SMTP_PERMANENT_FAILURE } from './shared/failure-types';
import { reportJobClosing, reportJobPhase } from './shared/job-phase';
import { emailMessageId } from './shared/message-id';
import { type SendTimeState, sendTimeControls } from './shared/send-time-controls';

export interface EmailRetryPolicy {
  initialIntervalMs: number;
  maximumIntervalMs: number;
  /** Give up on a transient failure this long after the first attempt (the send deadline). */
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
  /**
   * `local`: the first attempt runs as a local activity in the job's first workflow task and the workflow owns
   * the retries (EMAIL_FIRST_ATTEMPT, never with activityTaskQueue). Absent: one smtpSend retried by Temporal.
   */
  firstAttempt?: 'local';
};

export interface SendEmailResult {
  messageId: string;
  accepted: string[];
  rejected: string[];
  attempts: number;
}

export type EmailPhase = 'waiting' | 'sending' | 'sent';
export type EmailState = SendTimeState<EmailPhase>;

export const emailStateQuery = defineQuery<EmailState>('state');

/**
 * How long the server waits for smtpSend's next heartbeat before it retries the attempt elsewhere: a worker
 * killed mid-send is noticed in this time, not after the 2-minute start-to-close. The activity heartbeats every
 * 5 s and the SDK forwards one at most every 80 % of this (16 s) from its own thread, so a GC pause or a busy
 * event loop of several seconds passes unnoticed; it stays well below the start-to-close.
 */
const SMTP_HEARTBEAT_TIMEOUT = '20 seconds';

// Runs from before the local first attempt (or started on a worker without it) keep one smtpSend retried by Temporal.
const LOCAL_FIRST_ATTEMPT_PATCH = 'email-local-first-attempt';

/** Sends one email, at `sendAt` if given: a durable timer that can be moved, skipped or cancelled. */
export async function sendEmail(input: SendEmailWorkflowInput): Promise<SendEmailResult> {
  let phase: EmailPhase = 'waiting';
  const sendTime = sendTimeControls({
    sendAt: input.sendAt,
    phase: () => phase,
    noun: 'email',
    notWaitingType: EMAIL_NOT_WAITING,
  });
  setHandler(emailStateQuery, sendTime.state);

  const local = input.firstAttempt === 'local' && patched(LOCAL_FIRST_ATTEMPT_PATCH);
  const loop = emailAttemptLoop();
  // Only a run that owns its attempts answers: the job view reads a Temporal-retried send from describe instead.
  if (local) setHandler(attemptLoopStateQuery, loop.state);
  const { workflowId } = workflowInfo();
  const messageId = 'messageId' in input ? input.messageId : emailMessageId(workflowId, input.messageIdDomain);
  const idle = { attempts: 0, lastError: null, nextAttemptAt: null };
  // Rides along with the timer's command: no workflow task of its own.
  if (local && input.sendAt && Date.parse(input.sendAt) > Date.now()) reportJobPhase({ phase: 'scheduled', ...idle });

  try {
    // A cancellation while waiting ends the workflow here, as cancelled, before anything is sent.
    await sendTime.due();
    phase = 'sending';
    const send = { jobId: workflowId, messageId, message: input.message };
    const sent = local
      ? await loop.run({ send, retry: input.retry, heartbeatTimeout: SMTP_HEARTBEAT_TIMEOUT })
      : await sendRetriedByTemporal(input, send);
    phase = 'sent';
    reportJobClosing({ attempts: sent.attempts, lastError: null });
    return { messageId: sent.messageId, accepted: sent.accepted, rejected: sent.rejected, attempts: sent.attempts };
  } catch (err) {
    // A Temporal-retried send that failed does not say after how many attempts: its history does.
    if (local) reportJobClosing({ attempts: loop.attempts(), lastError: summariseFailure(err) ?? null });
    throw err;
  }
}

/** Today's path (and every run from before the local first attempt): one smtpSend, retried by Temporal. */
async function sendRetriedByTemporal(
  input: SendEmailWorkflowInput,
  send: { jobId: string; messageId: string; message: EmailMessage },
): Promise<SmtpSendResult & { attempts: number }> {
  // Histories from before the heartbeat keep their options: a schedule-to-close deadline, no heartbeat.
  const heartbeating = patched('smtp-heartbeat');
  const { smtpSend } = proxyActivities<ReturnType<typeof createEmailActivities>>({
    // Undefined keeps the workflow's own queue: histories from before the field replay unchanged.
    taskQueue: input.activityTaskQueue,
    // Above nodemailer's connection + greeting + socket timeouts, so those fire first.
    startToCloseTimeout: '2 minutes',
    // No schedule-to-close: it counts from scheduling (time in the queue included) and cuts the attempt under
    // way, so a short deadline failed a job whose only attempt was lost with its worker, sent or not. The activity
    // applies the deadline itself, from its first attempt: a transient failure after it is final, while an attempt
    // lost to a dead worker (a heartbeat timeout, not an SMTP answer) is always retried.
    ...(heartbeating
      ? { heartbeatTimeout: SMTP_HEARTBEAT_TIMEOUT }
      : { scheduleToCloseTimeout: input.retry.deadlineMs }),
    retry: {
      initialInterval: input.retry.initialIntervalMs,
      backoffCoefficient: 2,
      maximumInterval: input.retry.maximumIntervalMs,
      nonRetryableErrorTypes: [SMTP_PERMANENT_FAILURE],
    },
  });
  const deadline = heartbeating ? { deadlineMs: input.retry.deadlineMs } : {};
  const sent = await smtpSend({ ...send, ...deadline });
  return { ...sent, attempts: sent.attempt };
}
