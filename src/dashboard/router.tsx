import Router from '@koa/router';
import { bodyParser } from '@koa/bodyparser';
import type { Context } from 'koa';
import type { AppAuth } from '../http/middleware/authorize';
import { createKeyring } from '../security/api-keys';
import { grantsAny } from '../security/scopes';
import type { Store } from '../store/open-store';
import { serveAssets } from './assets';
import { fromOwnOrigin } from './csrf';
import { htmlErrors } from './html-errors';
import { MessagePage } from './pages/message-page';
import { SignInPage } from './pages/sign-in';
import type { PageRoute } from './page-route';
import { sendPage } from './render';
import { dashboardSecurityHeaders } from './security-headers';
import { clearSessionCookie, type CookieSettings, SESSION_COOKIE, sessionIdentity, setSessionCookie } from './session';
import { createViewContext, type ViewSettings } from './view-context';

export interface DashboardSettings extends CookieSettings, ViewSettings {
  /** PUBLIC_URL's origin: a form posted from there is ours too (behind a proxy the Host may differ). */
  publicOrigin?: string;
}

export interface DashboardDeps {
  auth: AppAuth;
  store: Pick<Store, 'dashboardSessions'>;
  settings: DashboardSettings;
  /** Every page behind sign-in, from the view modules. */
  pages: readonly PageRoute[];
}

/** Where the dashboard is mounted; its routes are pages with their own sign-in, not API operations. */
export const DASHBOARD_PREFIX = '/dashboard';

const SIGN_IN = `${DASHBOARD_PREFIX}/sign-in`;

/** A return address after sign-in: only a dashboard path, never another site (no open redirect). */
function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/dashboard(?:[/?#]|$)/.test(next) && !next.startsWith('//')
    ? next
    : '/dashboard';
}

/** /dashboard: its assets, sign-in and sign-out, and every page behind the session check. */
export function createDashboardRouter(deps: DashboardDeps): Router {
  const router = new Router({ prefix: DASHBOARD_PREFIX });
  const sessionAuth = { sessions: deps.store.dashboardSessions, keys: deps.auth.keys, disabled: deps.auth.disabled };
  const findKey = createKeyring(deps.auth.keys);
  const forms = bodyParser({ enableTypes: ['form'], formLimit: '8kb', encoding: 'utf-8' });
  router.use(dashboardSecurityHeaders(), htmlErrors());
  serveAssets(router);

  router.get('/sign-in', async (ctx) => {
    const next = safeNext(ctx.query.next);
    if (await sessionIdentity(ctx, sessionAuth)) return ctx.redirect(next);
    sendPage(ctx, <SignInPage next={next} />);
  });

  router.post('/sign-in', forms, async (ctx) => {
    const form = (ctx.request.body ?? {}) as Record<string, unknown>;
    const next = safeNext(form.next);
    // A sign-in posted from another site would sign this browser in as someone else's key.
    if (!fromOwnOrigin(ctx, deps.settings.publicOrigin))
      return sendPage(ctx, <SignInPage next={next} error="Sign in from this dashboard's own page." />, 403);
    const key = typeof form.key === 'string' ? findKey(form.key.trim()) : undefined;
    if (!key) {
      ctx.state.log?.info('dashboard sign-in refused: not a configured API key');
      return sendPage(ctx, <SignInPage next={next} error="That API key is not valid here." />, 401);
    }
    const session = await deps.store.dashboardSessions.create(key, deps.settings.sessionMs);
    setSessionCookie(ctx, session.token, session.expiresAt, deps.settings);
    ctx.state.log?.info({ key: key.name }, 'dashboard sign-in');
    ctx.status = 303;
    ctx.redirect(next);
  });

  router.post('/sign-out', forms, async (ctx) => {
    const identity = await sessionIdentity(ctx, sessionAuth);
    const form = (ctx.request.body ?? {}) as Record<string, unknown>;
    if (identity?.key && (!fromOwnOrigin(ctx, deps.settings.publicOrigin) || form.csrf !== identity.csrfToken))
      return sendPage(
        ctx,
        <MessagePage title="Not signed out" detail="Sign out from this dashboard's own page." />,
        403,
      );
    const token = ctx.cookies.get(SESSION_COOKIE);
    if (token) await deps.store.dashboardSessions.delete(token);
    clearSessionCookie(ctx, deps.settings);
    ctx.status = 303;
    ctx.redirect(SIGN_IN);
  });

  for (const page of deps.pages) {
    router.get(page.path, async (ctx: Context) => {
      const identity = await sessionIdentity(ctx, sessionAuth);
      if (!identity) {
        if (ctx.accepts('html', 'text/event-stream') === 'text/event-stream') return void (ctx.status = 401);
        ctx.status = 303;
        return ctx.redirect(`${SIGN_IN}?next=${encodeURIComponent(ctx.url)}`);
      }
      const view = createViewContext(ctx, identity, deps.settings);
      ctx.state.dashboard = view;
      ctx.state.actor = identity.name;
      if (!grantsAny(identity.scopes, page.scopes))
        return sendPage(
          ctx,
          <MessagePage
            title="Not allowed"
            view={view}
            detail={`The key ${identity.name} needs the scope ${page.scopes.join(' or ')} for this page.`}
          />,
          403,
        );
      await page.handler(ctx, view);
    });
  }
  return router;
}
