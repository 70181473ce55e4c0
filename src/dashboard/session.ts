import type { Context } from 'koa';
import type { DashboardSessionStore } from '../../activities/store';
import type { ApiKey } from '../security/api-keys';
import { EVERY_SCOPE, type Grant } from '../security/scopes';

/** The cookie that names a dashboard session; the API accepts it in place of a bearer key (with CSRF checks). */
export const SESSION_COOKIE = 'afterward_session';

/** Who is using the dashboard: a signed-in key (its name and scopes, never the key), or everyone with auth off. */
export interface DashboardIdentity {
  name: string;
  scopes: readonly Grant[];
  /** What a state-changing request must send back in X-CSRF-Token; empty with auth off. */
  csrfToken: string;
  key?: ApiKey;
}

export interface SessionAuth {
  sessions: DashboardSessionStore;
  keys: readonly ApiKey[];
  disabled: boolean;
}

/** With auth off there is nobody to sign in: the dashboard acts with every scope, as the API does. */
export const OPEN_IDENTITY: DashboardIdentity = { name: 'anonymous', scopes: [EVERY_SCOPE], csrfToken: '' };

/**
 * The identity of the request's session cookie: its key must still be configured under the same name with the same
 * hash, so removing or replacing a key ends its sessions at once.
 */
export async function sessionIdentity(ctx: Context, auth: SessionAuth): Promise<DashboardIdentity | undefined> {
  if (auth.disabled) return OPEN_IDENTITY;
  const token = ctx.cookies.get(SESSION_COOKIE);
  if (!token) return undefined;
  const session = await auth.sessions.find(token);
  if (!session) return undefined;
  const key = auth.keys.find((k) => k.name === session.keyName && k.sha256 === session.keySha256);
  return key && { name: key.name, scopes: key.scopes, csrfToken: session.csrfToken, key };
}

export interface CookieSettings {
  /** How long a sign-in lasts. */
  sessionMs: number;
  /** Set `Secure`: the dashboard is reached over https (PUBLIC_URL), even when TLS ends at a proxy in front. */
  secure: boolean;
}

export function setSessionCookie(ctx: Context, token: string, expires: Date, cookies: CookieSettings): void {
  ctx.cookies.set(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: cookies.secure,
    // Path / so the API's own routes, which the dashboard's buttons call, receive it too.
    path: '/',
    expires,
    overwrite: true,
  });
}

export function clearSessionCookie(ctx: Context, cookies: CookieSettings): void {
  setSessionCookie(ctx, '', new Date(0), cookies);
}
