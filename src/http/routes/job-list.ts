import Router from '@koa/router';
import type { Client } from '@temporalio/client';
import type { JobLinkBuilder } from '../../jobs/job-view';
import { listJobs } from '../../jobs/list-jobs';
import { jobListQuerySchema } from '../schemas/job-list';
import { validateQuery } from '../validate';

/** GET /v1/jobs: search jobs by kind, status, tag and creation time, with a cursor. */
export function createJobListRouter(deps: { client: Client; taskQueue: string; links: JobLinkBuilder }): Router {
  const router = new Router();
  router.get('/v1/jobs', async (ctx) => {
    const { limit, cursor, ...filters } = validateQuery(jobListQuerySchema, ctx.query);
    ctx.body = await listJobs(deps.client, deps.taskQueue, filters, { limit, cursor }, deps.links);
  });
  return router;
}
