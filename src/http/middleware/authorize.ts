import type Router from '@koa/router';
import type { Middleware } from 'koa';
import type { AuthConfig } from '../../config';
import { type ApiKey, createKeyring } from '../../security/api-keys';
import { grantsAny } from '../../security/scopes';
import { HttpError } from '../errors';
import { OPERATIONS, PUBLIC } from '../operations';
import { matchRoute, redactedPath } from '../route-match';
import { answerUnrouted } from './unrouted';
import type { DashboardSessionStore } from '../../../activities/store';
import { csrfRefusal, isSafeMethod } from '../../dashboard/csrf';
import { SESSION_COOKIE, sessionIdentity } from '../../dashboard/session';

export type AppAuth = Pick<AuthConfig, 'disabled' | 'keys'>;

/** Dashboard sign-ins: the session cookie stands for its key, state-changing calls with CSRF checks. */
export interface CookieAuth {
  sessions: DashboardSessionStore;
  publicOrigin?: string;
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * Finds the route of a request, and lets it through only with a key holding one of the route's scopes
 * (OPERATIONS). Sets `state.route` (the route template), `state.apiKey`, `state.actor` (the key's name,
 * for the audit log) and `state.rateLimitKey`. Runs before the body is read: an unauthenticated body is never parsed,
 * nor one no route takes (answerUnrouted).
 */
export function authorize(routers: readonly Router[], auth: AppAuth, cookies?: CookieAuth): Middleware {
  const findKey = createKeyring(auth.keys);
  return async (ctx, next) => {
    const route = matchRoute(routers, ctx.method, ctx.path);
    if (!route) return answerUnrouted(routers, ctx);
    ctx.state.route = route.key;
    const operation = OPERATIONS[route.key];
    // Fail closed: a route nobody gave a scope is not callable.
    if (!operation) throw new Error(`route ${route.key} has no entry in OPERATIONS`);
    if (operation.scopes === PUBLIC) return next();
    const fromPath = route.params.apiKey;
    ctx.state.loggedPath = redactedPath(ctx.path, route.params);
    if (auth.disabled) {
      ctx.state.rateLimitKey = `ip:${ctx.ip}`;
      return next();
    }
    let token = fromPath ?? BEARER.exec(ctx.get('authorization'))?.[1];
    let key: ApiKey | undefined = token === undefined ? undefined : findKey(token);
    if (token === undefined && cookies && ctx.cookies.get(SESSION_COOKIE)) {
      const identity = await sessionIdentity(ctx, { sessions: cookies.sessions, keys: auth.keys, disabled: false });
      key = identity?.key;
      // A cookie that names no live session is answered as a key we do not hold.
      if (!identity) token = '';
      // The cookie goes with every request to this origin, whoever's page makes it: a change needs proof it is ours.
      const refused =
        identity && !isSafeMethod(ctx.method) && csrfRefusal(ctx, identity.csrfToken, cookies.publicOrigin);
      if (refused) throw new HttpError('forbidden', refused);
    }
    if (!key) {
      // RFC 6750 §3.1: a request without a key gets the challenge alone; one with a key we do not hold, invalid_token too.
      const [detail, challenge] =
        token === undefined
          ? ['send an API key: Authorization: Bearer <key>', '']
          : ['the API key is not valid', ', error="invalid_token"'];
      throw new HttpError('unauthorized', detail, {
        headers: { 'WWW-Authenticate': `Bearer realm="afterward"${challenge}` },
      });
    }
    if (!grantsAny(key.scopes, operation.scopes)) {
      throw new HttpError(
        'forbidden',
        `the API key ${key.name} needs the scope ${operation.scopes.join(' or ')} for ${route.key}`,
        { requiredScopes: operation.scopes },
      );
    }
    ctx.state.apiKey = key;
    ctx.state.actor = key.name;
    ctx.state.rateLimitKey = `key:${key.name}`;
    return next();
  };
}
