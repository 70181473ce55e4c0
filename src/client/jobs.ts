import ms from 'ms';
import { type Api, answer, callInit } from './api-call';
import { AfterwardTimeoutError } from './errors';
import type { Fetch } from './retrying-fetch';
import type { Body, CallOptions, Job, JobListQuery, JobPage, JobSummary } from './types';

/** The longest one long poll of GET /v1/jobs/:id?wait= asks the server to hold. */
const LONG_POLL_MAX_MS = 60_000;

export interface WaitOptions {
  /** How long to wait in all: ms, or a duration such as "30s" or "5m". Default 60 s. */
  timeout?: number | string;
  signal?: AbortSignal;
}

const durationMs = (value: number | string): number => {
  const parsed = typeof value === 'number' ? value : ms(value as ms.StringValue);
  if (typeof parsed !== 'number' || !Number.isFinite(parsed) || parsed < 0)
    throw new RangeError(`timeout: ${JSON.stringify(value)} is not a duration such as "30s" or 30000`);
  return parsed;
};

/** Reading and steering jobs. `longPollFetch(ms)` is the transport for a call the server may hold `ms`. */
export function jobResources(api: Api, longPollFetch: (holdMs: number) => Fetch) {
  const get = async (id: string, options?: CallOptions): Promise<Job> =>
    (await answer(api.GET('/v1/jobs/{id}', { params: { path: { id } }, ...callInit(options) }))) as Job;
  const list = async (query: JobListQuery = {}, options?: CallOptions): Promise<JobPage> =>
    (await answer(api.GET('/v1/jobs', { params: { query }, ...callInit(options) }))) as JobPage;
  const control =
    (action: '/v1/jobs/{id}/cancel' | '/v1/jobs/{id}/retry') => async (id: string, options?: CallOptions) =>
      (await answer(api.POST(action, { params: { path: { id } }, ...callInit(options) }))) as Job;

  /** One long poll: the job once it closes, or as it stands when `holdMs` has passed. */
  const poll = async (id: string, holdMs: number, signal?: AbortSignal): Promise<Job> =>
    (await answer(
      api.GET('/v1/jobs/{id}', {
        params: { path: { id }, query: { wait: `${Math.ceil(holdMs / 1000)}s` } },
        fetch: longPollFetch(holdMs),
        ...(signal ? { signal } : {}),
      }),
    )) as Job;

  return {
    get,
    list,
    /** Every job the query matches, page after page (each page one call), as one sequence. */
    async *listAll(query: Omit<JobListQuery, 'cursor'> = {}, options?: CallOptions): AsyncGenerator<JobSummary> {
      let cursor: string | undefined;
      do {
        const page = await list({ ...query, ...(cursor ? { cursor } : {}) }, options);
        yield* page.jobs;
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
    },
    /** Asks a running job to stop; answers it as it stands (the cancellation takes effect when it closes). */
    cancel: control('/v1/jobs/{id}/cancel'),
    /** Runs a failed job again: answers the new run. */
    retry: control('/v1/jobs/{id}/retry'),
    /** Sends the signal (or update) `name` to a job, e.g. `reschedule` or `sendNow` of a waiting email. */
    signal: (
      id: string,
      name: string,
      input: Body<'/v1/jobs/{id}/signals/{name}', 'post'> = {},
      options?: CallOptions,
    ) =>
      answer(
        api.POST('/v1/jobs/{id}/signals/{name}', { params: { path: { id, name } }, body: input, ...callInit(options) }),
      ),
    /**
     * The job once it has closed (succeeded, failed, cancelled, timed out or terminated): long polls, one after
     * another, until then. Throws AfterwardTimeoutError, holding the job as last seen, if `timeout` passes first.
     */
    async wait(id: string, { timeout = 60_000, signal }: WaitOptions = {}): Promise<Job> {
      const timeoutMs = durationMs(timeout);
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const job = await poll(id, Math.min(LONG_POLL_MAX_MS, Math.max(0, deadline - Date.now())), signal);
        if (job.closedAt !== null) return job;
        if (deadline <= Date.now()) throw new AfterwardTimeoutError(job, timeoutMs);
      }
    },
  };
}
