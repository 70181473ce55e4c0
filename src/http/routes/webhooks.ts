import Router from '@koa/router';
import type { Client } from '@temporalio/client';
import { webhookAttempts } from '../../jobs/webhook-attempts';
import { NotFoundError } from '../errors';

/** The attempt log of a webhook job. Starting webhook jobs is the registry's start route. */
export function createWebhooksRouter(deps: { client: Client }): Router {
  const router = new Router({ prefix: '/v1/webhooks' });
  router.get('/:id/attempts', async (ctx) => {
    const id = ctx.params.id!;
    if (!id.startsWith('webhook-')) throw new NotFoundError(`no webhook job with id ${id}`);
    ctx.body = { id, attempts: await webhookAttempts(deps.client, id) };
  });
  return router;
}
