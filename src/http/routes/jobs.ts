import Router from '@koa/router';
import type { Client } from '@temporalio/client';
import { describeJob, type JobLinkBuilder } from '../../jobs/job-view';

export function createJobsRouter(deps: { client: Client; links: JobLinkBuilder }): Router {
  const router = new Router({ prefix: '/v1/jobs' });
  router.get('/:id', async (ctx) => {
    ctx.body = await describeJob(deps.client, ctx.params.id!, deps.links);
  });
  return router;
}
