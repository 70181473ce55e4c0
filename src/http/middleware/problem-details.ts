import { STATUS_CODES } from 'node:http';
import type { Middleware } from 'koa';
import { HttpError, fromTemporalError } from '../errors';

/**
 * The first middleware: turns every error into an RFC 9457 problem+json response. Details of
 * unexpected errors stay in the log (once, with the request id), never in the response.
 */
export function problemDetails(): Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) throw new HttpError(404, 'Not found', `no route for ${ctx.method} ${ctx.path}`);
    } catch (caught) {
      const err = fromTemporalError(caught);
      const known = err instanceof HttpError ? err : asKoaHttpError(err);
      const status = known?.status ?? 500;
      const { headers, ...extra } = known?.extra ?? {};
      if (status >= 500) ctx.state.log?.error({ err }, 'request failed');
      else ctx.state.log?.debug({ err }, 'request rejected');
      for (const [name, value] of Object.entries(headers ?? {})) ctx.set(name, value);
      ctx.status = status;
      ctx.type = 'application/problem+json';
      ctx.body = {
        type: 'about:blank',
        title: known?.title ?? STATUS_CODES[status] ?? 'Error',
        status,
        ...(known?.expose && known.detail ? { detail: known.detail } : {}),
        instance: ctx.state.loggedPath ?? ctx.path, // without an API key carried in the path
        requestId: ctx.state.requestId,
        ...extra,
      };
    }
  };
}

/** Koa and its middleware (body parser, router) throw errors with `status` and `expose`. */
function asKoaHttpError(err: unknown): HttpError | undefined {
  const e = err as { status?: unknown; expose?: unknown; message?: string };
  if (typeof e?.status !== 'number' || e.status < 400 || e.status > 599) return undefined;
  return new HttpError(e.status, STATUS_CODES[e.status] ?? 'Error', e.message, {}, e.expose === true);
}
