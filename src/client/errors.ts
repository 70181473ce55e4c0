import type { components } from './api-types';
import type { Job } from './types';

type Problem = components['schemas']['Problem'];

/** One field a 400 names: where the error is (a body path such as `to[0]`, a query parameter, a header) and why. */
export type FieldError = NonNullable<Problem['errors']>[number];

/** An error answer of the API (RFC 9457 problem+json), or a non-problem error answer, as one error. */
export class AfterwardError extends Error {
  override readonly name = 'AfterwardError';
  readonly status: number;
  /** The problem type URI, each described at /docs/problems; `about:blank` for an answer that is no problem+json. */
  readonly type: Problem['type'] | 'about:blank';
  readonly title: string;
  readonly detail?: string;
  /** The fields a validation problem names; empty otherwise. */
  readonly errors: FieldError[];
  /** The id the server logged the request under (its X-Request-Id). */
  readonly requestId?: string;
  /** The whole problem body, with any extension members (e.g. `validSignals`). */
  readonly body: unknown;

  constructor(status: number, body: unknown, requestId?: string) {
    const problem = (typeof body === 'object' && body !== null ? body : {}) as Partial<Problem>;
    const title = problem.title ?? `HTTP ${status}`;
    super(problem.detail ? `${title}: ${problem.detail}` : title);
    this.status = status;
    this.type = problem.type ?? 'about:blank';
    this.title = title;
    this.detail = problem.detail ?? (typeof body === 'string' && body ? body : undefined);
    this.errors = problem.errors ?? [];
    this.requestId = problem.requestId ?? requestId;
    this.body = body;
  }

  static from(response: Response, body: unknown): AfterwardError {
    return new AfterwardError(response.status, body, response.headers.get('x-request-id') ?? undefined);
  }
}

/** jobs.wait() ran out of time before the job closed; `job` is the job as last seen, still open. */
export class AfterwardTimeoutError extends Error {
  override readonly name = 'AfterwardTimeoutError';
  constructor(
    readonly job: Job,
    readonly timeoutMs: number,
  ) {
    super(`job ${job.id} was still ${job.status} after ${timeoutMs} ms`);
  }
}
