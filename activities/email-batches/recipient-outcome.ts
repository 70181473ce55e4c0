import type { EmailRetryPolicy } from '../../workflows/send-email';
import { classifySmtpError, isPermanentSmtpError, smtpFailureDetails } from '../smtp-failure';
import type { DueRecipient, RecipientResult } from '../store';

/** What a failed attempt at `recipient` comes to: final for a permanent answer or past the deadline, else due again. */
export function failedAttempt(
  recipient: DueRecipient,
  err: unknown,
  retry: EmailRetryPolicy,
  now: number,
): RecipientResult {
  const attempts = recipient.attempts + 1;
  const firstAttemptAt = recipient.firstAttemptAt ?? new Date(now).toISOString();
  const details = smtpFailureDetails(err);
  const failure = { index: recipient.index, attempts, firstAttemptAt, smtpCode: details.smtpCode ?? null };
  const error = classifySmtpError(err).message;
  if (isPermanentSmtpError(details)) return { ...failure, outcome: 'failed', error };
  if (now - Date.parse(firstAttemptAt) >= retry.deadlineMs)
    return { ...failure, outcome: 'failed', error: `${error} (the send deadline, ${retry.deadlineMs} ms, has passed)` };
  // The email kind's backoff: doubling from the initial interval, up to the maximum.
  const backoffMs = Math.min(retry.initialIntervalMs * 2 ** (attempts - 1), retry.maximumIntervalMs);
  return { ...failure, outcome: 'retry', error, dueAt: new Date(now + backoffMs).toISOString() };
}
