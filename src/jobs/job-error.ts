import { ApplicationFailure, TemporalFailure } from '@temporalio/common';

export interface JobError {
  message: string;
  type?: string;
  code?: string | number;
  nonRetryable: boolean;
}

/**
 * Summarises a failure for the job view: the innermost application failure carries the type and
 * the activity's classification; its first detail may carry a protocol code (SMTP reply, HTTP status).
 */
export function summariseFailure(err: unknown): JobError | undefined {
  if (!(err instanceof Error)) return undefined;
  let innermost: Error = err;
  while (innermost.cause instanceof TemporalFailure) innermost = innermost.cause;
  const app = innermost instanceof ApplicationFailure ? innermost : undefined;
  const detail = (app?.details?.[0] ?? {}) as { smtpCode?: number; statusCode?: number; code?: string | number };
  const code = detail.smtpCode ?? detail.statusCode ?? detail.code;
  return {
    message: innermost.message,
    ...(app?.type ? { type: app.type } : {}),
    ...(code !== undefined ? { code } : {}),
    nonRetryable: app?.nonRetryable ?? false,
  };
}
