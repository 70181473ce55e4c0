import { bodyParser } from '@koa/bodyparser';
import type { Middleware } from 'koa';
import { HttpError } from '../errors';
import { bodySyntaxProblem } from '../json-syntax';

/** A request body must be JSON: any other type is a 415, rather than a body the parser would silently skip. */
export function jsonBodiesOnly(): Middleware {
  return async (ctx, next) => {
    const hasBody = Number(ctx.get('content-length') || 0) > 0 || ctx.get('transfer-encoding') !== '';
    if (hasBody && !ctx.is('application/json', '+json')) {
      throw new HttpError(
        'unsupported-media-type',
        `send the body as application/json, not ${ctx.get('content-type').slice(0, 100) || 'without a content type'}`,
      );
    }
    return next();
  };
}

/** The JSON body parser, up to `limitBytes`; a body it cannot parse is a 400 saying where (bodySyntaxProblem). */
export function jsonBodies(limitBytes: number): Middleware {
  return bodyParser({
    enableTypes: ['json'],
    jsonLimit: limitBytes,
    encoding: 'utf-8',
    onError: (err) => {
      // co-body marks what the parser refused with the text it read; size and encoding errors pass on as they are.
      const { body } = err as { body?: unknown };
      throw err instanceof SyntaxError && typeof body === 'string' ? bodySyntaxProblem(err.message, body) : err;
    },
  });
}
