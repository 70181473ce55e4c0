import {
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  isGrpcServiceError,
} from '@temporalio/client';
import { status as grpcStatus } from '@grpc/grpc-js';
import { JobClosedError, UnknownSignalError } from '../jobs/job-signals';
import { InvalidCursorError } from '../jobs/list-cursor';
import { StaleReplayTokenError } from '../jobs/replay-failed';
import { NotAnOpenTaskError } from '../jobs/task-completion';
import { JobNotRetryableError } from '../jobs/retry-job';
import { AuditBacklogError } from '../audit/writer-backlog';
import { IdempotencyKeyReusedError } from '../jobs/start-job';
import { NotAfterwardScheduleError } from '../schedules/describe-schedule';
import { InvalidStartError, StartConflictError, StartNotFoundError, StartTooLargeError } from '../kinds/start-errors';
import { describeFieldErrors, type FieldError } from '../validation/field-errors';
import { PROBLEM_TYPES, type ProblemKind } from './problem-types';

export type { FieldError } from '../validation/field-errors';

/**
 * An error that becomes an RFC 9457 problem response of a kind of PROBLEM_TYPES, which gives its status
 * and title. `expose` says whether `detail` may reach the client.
 */
export class HttpError extends Error {
  readonly status: number;
  readonly title: string;

  constructor(
    readonly kind: ProblemKind,
    readonly detail?: string,
    readonly extra: { errors?: FieldError[]; headers?: Record<string, string>; [key: string]: unknown } = {},
    readonly expose = PROBLEM_TYPES[kind].status < 500,
  ) {
    super(detail ?? PROBLEM_TYPES[kind].title);
    this.status = PROBLEM_TYPES[kind].status;
    this.title = PROBLEM_TYPES[kind].title;
  }
}

export class ValidationError extends HttpError {
  constructor(errors: FieldError[]) {
    super('validation', describeFieldErrors(errors), { errors });
  }
}

export class NotFoundError extends HttpError {
  constructor(detail: string) {
    super('not-found', detail);
  }
}

export class ConflictError extends HttpError {
  constructor(detail: string, extra: Record<string, unknown> = {}) {
    super('conflict', detail, extra);
  }
}

/** Maps errors from the Temporal client to HTTP errors; anything else is returned unchanged. */
export function fromTemporalError(err: unknown): unknown {
  if (err instanceof InvalidCursorError)
    return new ValidationError([{ field: 'cursor', message: err.message, in: 'query' }]);
  if (err instanceof StartTooLargeError)
    return new HttpError('payload-too-large', `${err.field}: ${err.message}`, {
      errors: [{ field: err.field, message: err.message }],
    });
  if (err instanceof InvalidStartError) return new ValidationError([{ field: err.field, message: err.message }]);
  if (err instanceof StartConflictError) return new ConflictError(err.message);
  if (err instanceof StartNotFoundError) return new NotFoundError(err.message);
  if (err instanceof WorkflowNotFoundError) return new NotFoundError(`no job with id ${err.workflowId}`);
  if (err instanceof UnknownSignalError)
    return new HttpError('unknown-signal', err.message, { validSignals: err.valid });
  if (err instanceof NotAnOpenTaskError) return new ConflictError(err.message);
  if (err instanceof JobClosedError || err instanceof JobNotRetryableError || err instanceof StaleReplayTokenError)
    return new ConflictError(err.message);
  if (err instanceof IdempotencyKeyReusedError) return new HttpError('idempotency-key-reused', err.message);
  if (err instanceof AuditBacklogError)
    return new HttpError('audit-backlogged', err.message, { headers: { 'Retry-After': '30' } }, true);
  if (err instanceof WorkflowUpdateFailedError) return new ConflictError(err.cause?.message ?? err.message);
  if (err instanceof WorkflowExecutionAlreadyStartedError)
    return new ConflictError(`job ${err.workflowId} already exists`);
  if (err instanceof ScheduleNotFoundError) return new NotFoundError(`no schedule with id ${err.scheduleId}`);
  if (err instanceof NotAfterwardScheduleError) return new NotFoundError(err.message);
  if (err instanceof ScheduleAlreadyRunning) return new ConflictError(`schedule ${err.scheduleId} already exists`);
  const cause = (err as { cause?: unknown })?.cause ?? err;
  if (
    isGrpcServiceError(cause) &&
    (cause.code === grpcStatus.UNAVAILABLE || cause.code === grpcStatus.DEADLINE_EXCEEDED)
  ) {
    return new HttpError(
      'temporal-unavailable',
      'the Temporal server did not answer; try again',
      { headers: { 'Retry-After': '5' } },
      true,
    );
  }
  return err;
}
