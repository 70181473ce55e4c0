import type { Middleware } from 'koa';

/**
 * Scripts and styles only from this server, no inline script or style, no plugins, no framing; forms post only
 * here. `data:` images are the SVG charts' fallback and the empty favicon.
 */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

export function dashboardSecurityHeaders(): Middleware {
  return async (ctx, next) => {
    ctx.set('Content-Security-Policy', DASHBOARD_CSP);
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Referrer-Policy', 'same-origin');
    ctx.set('X-Frame-Options', 'DENY');
    await next();
    // Pages show jobs and keys' scopes: never kept by a shared cache or the back button after sign-out.
    if (!ctx.response.get('Cache-Control')) ctx.set('Cache-Control', 'no-store');
  };
}
