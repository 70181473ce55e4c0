import type { Middleware } from 'koa';
import { fromTemporalError, HttpError } from '../http/errors';
import { MessagePage } from './pages/message-page';
import { sendPage } from './render';

/**
 * A page's errors as an HTML page rather than problem+json: what the API would say (not found, conflict) for
 * errors it exposes, a generic line with the request id otherwise (the details go to the log, once).
 */
export function htmlErrors(): Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } catch (caught) {
      const err = fromTemporalError(caught);
      const known = err instanceof HttpError ? err : undefined;
      const status = known?.status ?? 500;
      if (status >= 500) ctx.state.log?.error({ err }, 'dashboard page failed');
      const detail =
        known?.expose && known.detail
          ? known.detail
          : `Something went wrong on the server (request ${ctx.state.requestId ?? 'unknown'}); it is in the log.`;
      sendPage(
        ctx,
        <MessagePage title={known?.title ?? 'Server error'} detail={detail} view={ctx.state.dashboard} />,
        status,
      );
    }
  };
}
