import Router from '@koa/router';
import type { Client } from '@temporalio/client';
import { findJobSignal, sendJobSignal } from '../../jobs/job-signals';
import { NotFoundError } from '../errors';
import { validate } from '../validate';

/**
 * The controls of a waiting email under the email's own path: the same as
 * POST /v1/jobs/:id/signals/{reschedule,sendNow}. Starting emails is the registry's start route.
 */
export function createEmailsRouter(deps: { client: Client }): Router {
  const router = new Router({ prefix: '/v1/emails' });
  for (const [path, name] of [
    ['/:id/reschedule', 'reschedule'],
    ['/:id/send-now', 'sendNow'],
  ] as const) {
    router.post(path, async (ctx) => {
      const id = ctx.params.id!;
      if (!id.startsWith('email-')) throw new NotFoundError(`no email job with id ${id}`);
      const signal = findJobSignal(id, name);
      ctx.body = await sendJobSignal(
        deps.client,
        id,
        signal,
        signal.schema ? validate(signal.schema, ctx.request.body ?? {}) : undefined,
      );
    });
  }
  return router;
}
