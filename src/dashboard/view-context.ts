import type { Context } from 'koa';
import { grantsAny, type Scope } from '../security/scopes';
import type { DashboardIdentity } from './session';

/** What every page knows about the request: who is signed in, what they may do, where the Temporal UI is. */
export interface ViewContext {
  identity: DashboardIdentity;
  /** True when the signed-in key holds one of these scopes: pages show a control only to keys the API would let use it. */
  can(...scopes: Scope[]): boolean;
  /** The Temporal Web UI's base URL, for its links. */
  temporalUiUrl?: string;
  /** The Temporal namespace, for the `temporal` CLI commands the pages show. */
  namespace: string;
  /** The page's path with its query, e.g. for sign-in's return address. */
  url: string;
}

export interface ViewSettings {
  temporalUiUrl?: string;
  namespace: string;
}

export function createViewContext(ctx: Context, identity: DashboardIdentity, settings: ViewSettings): ViewContext {
  return {
    identity,
    can: (...scopes) => grantsAny(identity.scopes, scopes),
    temporalUiUrl: settings.temporalUiUrl,
    namespace: settings.namespace,
    url: ctx.url,
  };
}

/** The view context the session middleware put on the request (every page behind sign-in has one). */
export function viewOf(ctx: Context): ViewContext {
  const view = ctx.state.dashboard as ViewContext | undefined;
  if (!view) throw new Error(`${ctx.path}: no dashboard session on this request (a page outside the signed-in routes)`);
  return view;
}
