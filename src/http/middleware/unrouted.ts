import type Router from '@koa/router';
import type { Context } from 'koa';
import { HttpError } from '../errors';
import { pathRoutes, redactedPath } from '../route-match';

/** The methods the routers serve; HTTP has more (Node's parser takes PROPFIND, PURGE, …). */
const SERVED = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * Answers a request no route takes, before anything reads it: a path no route has is a 404; a path
 * with other methods is a 405 with `Allow` (RFC 9110 §15.5.6) listing every router's, or the list
 * itself for OPTIONS; a method no route has on any path is a 501.
 */
export function answerUnrouted(routers: readonly Router[], ctx: Context): void {
  const { methods: allowed, params } = pathRoutes(routers, ctx.path);
  ctx.state.loggedPath = redactedPath(ctx.path, params);
  if (allowed.length === 0) throw new HttpError('not-found', `no route for ${ctx.method} ${ctx.path}`);
  if (!SERVED.has(ctx.method)) throw new HttpError('not-implemented', `${ctx.method} is not a method this API serves`);
  const allow = allowed.join(', ');
  if (ctx.method !== 'OPTIONS')
    throw new HttpError('method-not-allowed', `${ctx.method} is not allowed here: use ${allow}`, {
      headers: { Allow: allow },
    });
  ctx.status = 204;
  ctx.set('Allow', allow);
}
