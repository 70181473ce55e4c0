import type { ComponentChildren } from 'preact';
import { NAV } from './nav';
import type { ViewContext } from './view-context';

export const ASSETS = '/dashboard/assets';

interface LayoutProps {
  title: string;
  /** The menu entry to mark as current. */
  active?: string;
  view?: ViewContext;
  children: ComponentChildren;
}

/**
 * Every page's frame. No inline script or style anywhere (the CSP allows neither): behaviour comes from the
 * scripts under /dashboard/assets, which read `data-*` attributes; the CSRF token rides in a meta element.
 */
export function Layout({ title, active, view, children }: LayoutProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {view && <meta name="csrf-token" content={view.identity.csrfToken} />}
        <title>{`${title} · Afterward`}</title>
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href={`${ASSETS}/dashboard.css`} />
        <script type="module" src={`${ASSETS}/dashboard.js`} />
      </head>
      <body>
        <header class="top">
          <a class="brand" href="/dashboard">
            Afterward
          </a>
          {view && (
            <nav aria-label="Dashboard">
              {NAV.filter((item) => view.can(...item.scopes)).map((item) => (
                <a href={item.path} aria-current={item.id === active ? 'page' : undefined}>
                  {item.label}
                </a>
              ))}
              {view.temporalUiUrl && (
                <a class="external" href={view.temporalUiUrl} target="_blank" rel="noopener noreferrer">
                  Temporal UI ↗
                </a>
              )}
            </nav>
          )}
          {view && view.identity.key && (
            <form class="who" method="post" action="/dashboard/sign-out">
              <input type="hidden" name="csrf" value={view.identity.csrfToken} />
              <span title={view.identity.scopes.join(' ')}>{view.identity.name}</span>
              <button type="submit">Sign out</button>
            </form>
          )}
        </header>
        <div id="flash" role="status" aria-live="polite" />
        <main>
          <h1>{title}</h1>
          {children}
        </main>
        <dialog id="confirm-dialog" aria-labelledby="confirm-title">
          <form method="dialog">
            <h2 id="confirm-title">Are you sure?</h2>
            <div class="confirm-body" />
            <menu>
              <button value="cancel" type="submit">
                Cancel
              </button>
              <button value="confirm" type="submit" class="danger" data-confirm-button>
                Confirm
              </button>
            </menu>
          </form>
        </dialog>
      </body>
    </html>
  );
}
