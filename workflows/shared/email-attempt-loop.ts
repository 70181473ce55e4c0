// An email's attempts when its workflow owns the retries: the first as a local activity, inside the workflow task
// that started the job (no activity task, no second workflow task when it succeeds), each retry as an activity of
// its own after a durable sleep, so a retrying email shows its attempts in Temporal's UI and in the job view.
import {
  ActivityFailure,
  ApplicationFailure,
  isCancellation,
  proxyActivities,
  proxyLocalActivities,
  sleep,
  TemporalFailure,
} from '@temporalio/workflow';
import type { Duration } from '@temporalio/common';
import type { createEmailActivities, SendEmailInput, SmtpSendResult } from '../../activities/email';
import type { AttemptLoopState } from './attempt-loop';
import { type JobError, summariseFailure } from './failure-summary';
import { reportJobPhase } from './job-phase';
import { taskRetryDelayMs } from './task-retry';

type EmailActivities = ReturnType<typeof createEmailActivities>;

/** One attempt at the SMTP server, as the attempt-loop query answers it. */
export interface EmailAttemptRecord {
  attempt: number;
  /** When it started, ISO 8601. */
  at: string;
  outcome: 'sent' | 'retry' | 'failed';
  /** The SMTP reply code: 250 once sent, the refusal's otherwise; none for a failure without a reply. */
  statusCode?: number;
  error?: string;
  /** The failure as GET /v1/jobs/:id shows it in `lastError` (summariseFailure). */
  failure?: JobError;
}

export interface EmailAttemptsOptions {
  send: Omit<SendEmailInput, 'deadlineMs' | 'firstAttemptAt'>;
  /** Temporal's exponential backoff between attempts, and the send deadline the activity applies. */
  retry: { initialIntervalMs: number; maximumIntervalMs: number; deadlineMs: number };
  heartbeatTimeout: Duration;
}

/** As Temporal's own activity retries (today's path), so both paths wait the same between attempts. */
const BACKOFF_COEFFICIENT = 2;
const SMTP_START_TO_CLOSE = '2 minutes';

const { smtpSend: smtpSendLocally } = proxyLocalActivities<EmailActivities>({
  startToCloseTimeout: SMTP_START_TO_CLOSE,
  // A failed first attempt becomes an activity of its own: visible, heartbeating, on the retry schedule.
  retry: { maximumAttempts: 1 },
});

/** The attempt loop: its state for the query, and the run that sends. */
export function emailAttemptLoop() {
  const log: EmailAttemptRecord[] = [];
  let attemptInProgress: number | null = null;
  let nextAttemptAt: string | null = null;
  return {
    state: (): AttemptLoopState<EmailAttemptRecord> => ({ attemptLog: log, attemptInProgress, nextAttemptAt }),
    /** Attempts made so far, counting one under way. */
    attempts: (): number => log.length + (attemptInProgress === null ? 0 : 1),
    /** Sends, or throws the last attempt's failure (a refusal, a transient failure past the deadline) or a cancellation. */
    async run(o: EmailAttemptsOptions): Promise<SmtpSendResult & { attempts: number }> {
      const { smtpSend } = proxyActivities<EmailActivities>({
        startToCloseTimeout: SMTP_START_TO_CLOSE,
        heartbeatTimeout: o.heartbeatTimeout,
        // The workflow owns the retries: one activity per attempt.
        retry: { maximumAttempts: 1 },
      });
      const input: SendEmailInput = { ...o.send, deadlineMs: o.retry.deadlineMs, firstAttemptAt: Date.now() };
      for (let n = 1; ; n++) {
        const at = new Date().toISOString();
        attemptInProgress = n;
        try {
          const sent = await (n === 1 ? smtpSendLocally : smtpSend)(input);
          log.push({ attempt: n, at, outcome: 'sent', ...replyCode(sent.response) });
          return { ...sent, attempts: n };
        } catch (err) {
          // A local activity's failure comes as the activity threw it, an activity's wrapped in an ActivityFailure.
          if (isCancellation(err) || !(err instanceof TemporalFailure)) throw err;
          const thrown = err instanceof ActivityFailure ? err.cause : err;
          const failure = summariseFailure(err)!;
          const final = thrown instanceof ApplicationFailure && thrown.nonRetryable;
          const code = typeof failure.code === 'number' ? { statusCode: failure.code } : {};
          log.push({ attempt: n, at, outcome: final ? 'failed' : 'retry', ...code, error: failure.message, failure });
          // A refusal for good (5xx), or a transient failure past the deadline. A lost attempt (a heartbeat or
          // start-to-close timeout: the worker died, no SMTP answer) is a TimeoutFailure, always retried.
          if (final) throw withAttempts(thrown, n);
        } finally {
          attemptInProgress = null;
        }
        const delay = taskRetryDelayMs(n, { ...o.retry, backoffCoefficient: BACKOFF_COEFFICIENT, maxAttempts: 0 });
        nextAttemptAt = new Date(Date.now() + delay).toISOString();
        reportJobPhase({ phase: 'retrying', attempts: n, lastError: log.at(-1)!.failure!, nextAttemptAt });
        await sleep(delay);
        nextAttemptAt = null;
        // GET /v1/jobs/:id reads `retrying` while a retry runs: the last attempt failed.
        reportJobPhase({ phase: 'retrying', attempts: n + 1, lastError: log.at(-1)!.failure!, nextAttemptAt: null });
      }
    },
  };
}

/**
 * The final failure as the attempt threw it, with the job's attempts in its details (as webhooks and tasks report
 * theirs): the job view, job events and metrics read them there, not from a history still one workflow task behind.
 */
function withAttempts(failure: ApplicationFailure, attempts: number): ApplicationFailure {
  const details = (failure.details?.[0] ?? {}) as object;
  return ApplicationFailure.create({
    message: failure.message,
    type: failure.type ?? undefined,
    nonRetryable: true,
    details: [{ ...details, attempts }],
    cause: failure.cause,
  });
}

function replyCode(response: string): { statusCode?: number } {
  const code = /^\d{3}/.exec(response)?.[0];
  return code ? { statusCode: Number(code) } : {};
}
