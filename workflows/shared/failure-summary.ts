import { ApplicationFailure, TemporalFailure } from '@temporalio/common';

export interface JobError {
  message: string;
  type?: string;
  code?: string | number;
  nonRetryable: boolean;
  /** The failure this one wraps, where it is an application failure of its own (a sequence's failed step). */
  cause?: JobError;
}

/**
 * Summarises a failure for the job view. The first application failure down the cause chain is the
 * one an activity or workflow threw: it carries the type and the classification, and its first
 * detail may carry a protocol code (SMTP reply, HTTP status). Causes below it are raw library errors.
 */
export function summariseFailure(err: unknown): JobError | undefined {
  if (!(err instanceof Error)) return undefined;
  let current: Error = err;
  while (!(current instanceof ApplicationFailure) && current.cause instanceof TemporalFailure) current = current.cause;
  const app = current instanceof ApplicationFailure ? current : undefined;
  const detail = (app?.details?.[0] ?? {}) as { smtpCode?: number; statusCode?: number; code?: string | number };
  const code = detail.smtpCode ?? detail.statusCode ?? detail.code;
  const cause = app?.cause instanceof TemporalFailure ? summariseFailure(app.cause) : undefined;
  return {
    message: current.message,
    ...(app?.type ? { type: app.type } : {}),
    ...(code !== undefined ? { code } : {}),
    nonRetryable: app?.nonRetryable ?? false,
    ...(cause?.type ? { cause } : {}),
  };
}
