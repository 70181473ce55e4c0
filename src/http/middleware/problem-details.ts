import type { Middleware } from 'koa';
import { HttpError, fromTemporalError } from '../errors';
import { type ProblemKind, problemTypeUri } from '../problem-types';

/** The kind of an error Koa or its middleware (body parser, raw-body) throws with a status; any other status is a 500. */
const KOA_STATUSES: Readonly<Record<number, ProblemKind>> = {
  400: 'bad-request',
  404: 'not-found',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
};

/**
 * The first middleware: turns every error into an RFC 9457 problem+json response, its `type` from
 * PROBLEM_TYPES. Details of unexpected errors stay in the log (once, with the request id), never in the response.
 */
export function problemDetails(): Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } catch (caught) {
      const err = fromTemporalError(caught);
      const problem = err instanceof HttpError ? err : (asKoaHttpError(err) ?? new HttpError('internal-error'));
      const { headers, ...extra } = problem.extra;
      if (problem.status >= 500) ctx.state.log?.error({ err }, 'request failed');
      else ctx.state.log?.debug({ err }, 'request rejected');
      for (const [name, value] of Object.entries(headers ?? {})) ctx.set(name, value);
      ctx.status = problem.status;
      ctx.type = 'application/problem+json';
      ctx.body = {
        type: problemTypeUri(problem.kind),
        title: problem.title,
        status: problem.status,
        ...(problem.expose && problem.detail ? { detail: problem.detail } : {}),
        instance: ctx.state.loggedPath ?? ctx.path, // without an API key carried in the path
        requestId: ctx.state.requestId,
        ...extra,
      };
    }
  };
}

/** Koa and its middleware throw errors with `status` and `expose`. */
function asKoaHttpError(err: unknown): HttpError | undefined {
  const e = err as { status?: unknown; expose?: unknown; message?: string };
  const kind = typeof e?.status === 'number' ? KOA_STATUSES[e.status] : undefined;
  return kind && new HttpError(kind, e.message, {}, e.expose === true);
}
