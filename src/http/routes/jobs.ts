import Router from '@koa/router';
import type { Client } from '@temporalio/client';
import { describeJob, type JobLinkBuilder } from '../../jobs/job-view';
import { ConflictError } from '../errors';

export function createJobsRouter(deps: { client: Client; links: JobLinkBuilder }): Router {
  const router = new Router({ prefix: '/v1/jobs' });
  router.get('/:id', async (ctx) => {
    ctx.body = await describeJob(deps.client, ctx.params.id!, deps.links);
  });
  router.post('/:id/cancel', async (ctx) => {
    const handle = deps.client.workflow.getHandle(ctx.params.id!);
    const { status } = await handle.describe();
    if (status.name !== 'RUNNING') throw new ConflictError(`job ${ctx.params.id} is already closed (${status.name.toLowerCase()})`);
    await handle.cancel();
    ctx.status = 202;
    ctx.body = await describeJob(deps.client, ctx.params.id!, deps.links);
  });
  return router;
}
