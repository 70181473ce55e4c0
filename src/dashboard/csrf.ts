import { timingSafeEqual } from 'node:crypto';
import type { Context } from 'koa';

/** The header a state-changing request made with the session cookie carries the session's CSRF token in. */
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const isSafeMethod = (method: string): boolean => SAFE_METHODS.has(method);

/**
 * True when the request comes from a page of this server: its Origin (or, from browsers that send none, its
 * Referer) is the origin the request was sent to, or PUBLIC_URL's.
 */
export function fromOwnOrigin(ctx: Context, publicOrigin: string | undefined): boolean {
  const origin = ctx.get('origin') || originOf(ctx.get('referer'));
  if (!origin || origin === 'null') return false;
  return origin === `${ctx.protocol}://${ctx.host}` || origin === publicOrigin;
}

function originOf(url: string): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** Why a state-changing request with the session cookie is refused, or undefined when it may go on. */
export function csrfRefusal(ctx: Context, expectedToken: string, publicOrigin: string | undefined): string | undefined {
  if (!fromOwnOrigin(ctx, publicOrigin)) return "the request's Origin is not this dashboard";
  const sent = Buffer.from(ctx.get(CSRF_HEADER));
  const expected = Buffer.from(expectedToken);
  if (sent.length !== expected.length || !timingSafeEqual(sent, expected))
    return `send the page's CSRF token in ${CSRF_HEADER}`;
  return undefined;
}
