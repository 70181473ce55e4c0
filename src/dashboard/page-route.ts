import type { Context } from 'koa';
import type { Scope } from '../security/scopes';
import type { ViewContext } from './view-context';

/**
 * A GET route behind sign-in: the router checks the session and that the key holds one of `scopes` (those of the
 * API calls the page is built on) before `handler` runs, so no page can forget to.
 */
export interface PageRoute {
  path: string;
  scopes: Scope[];
  handler(ctx: Context, view: ViewContext): Promise<void>;
}
