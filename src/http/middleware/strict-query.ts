import type { Middleware } from 'koa';
import { ValidationError } from '../errors';
import { UNKNOWN_NAME } from '../../validation/field-errors';
import { OPERATIONS } from '../operations';

/** A route without a query schema takes no query parameters: a stray one is a 400 naming it, not silently ignored. */
export function strictQuery(): Middleware {
  return async (ctx, next) => {
    const route: string | undefined = ctx.state.route;
    if (route && ctx.querystring && !OPERATIONS[route]?.query) {
      throw new ValidationError(
        Object.keys(ctx.query).map((name) => ({
          field: name.slice(0, 64),
          message: UNKNOWN_NAME.query,
          in: 'query' as const,
        })),
      );
    }
    return next();
  };
}
