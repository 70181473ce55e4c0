import type { Middleware } from 'koa';
import { HttpError } from '../errors';

/** A request body must be JSON: any other type is a 415, rather than a body the parser would silently skip. */
export function jsonBodiesOnly(): Middleware {
  return async (ctx, next) => {
    const hasBody = Number(ctx.get('content-length') || 0) > 0 || ctx.get('transfer-encoding') !== '';
    if (hasBody && !ctx.is('application/json', '+json')) {
      throw new HttpError(415, 'Unsupported media type', `send the body as application/json, not ${ctx.get('content-type').slice(0, 100) || 'without a content type'}`);
    }
    return next();
  };
}
