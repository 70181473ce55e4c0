// What Afterward POSTs to a task type's endpoint, and the middleware that lets only its signed calls through.
import type { Middleware } from 'koa';
import { Webhook } from 'standardwebhooks';

/** The Standard Webhooks envelope, `data` being the task's payload. */
export interface TaskCall<T> {
  type: string;
  timestamp: string;
  data: T;
}

/**
 * Verifies every call over the exact bytes Afterward signed (the task signing secret), before anything trusts
 * the body: `ctx.state.task` is then the call; an unsigned or wrongly signed one gets 401.
 */
export function verifyTaskCalls(secret: string): Middleware {
  const webhook = new Webhook(secret);
  return async (ctx, next) => {
    try {
      ctx.state.task = webhook.verify(ctx.request.rawBody ?? '', ctx.headers as Record<string, string>);
    } catch {
      ctx.status = 401;
      ctx.body = { error: 'invalid signature' };
      return;
    }
    await next();
  };
}
