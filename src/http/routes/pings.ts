import Router from '@koa/router';
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import { acceptedJob } from '../../jobs/accepted-job';
import { makeJobId } from '../../jobs/ids';
import type { JobLinkBuilder } from '../../jobs/job-view';
import { startJob } from '../../jobs/start-job';
import { jobPriority } from '../schemas/common';
import { validate } from '../validate';

export const pingBody = z.strictObject({ message: z.string().max(200).default('ping'), priority: jobPriority });

/** POST /v1/pings: a diagnostic job that proves a request reaches a worker and back. */
export function createPingsRouter(deps: { client: Client; taskQueue: string; links: JobLinkBuilder }): Router {
  const router = new Router({ prefix: '/v1/pings' });
  router.post('/', async (ctx) => {
    const body = validate(pingBody, ctx.request.body ?? {});
    const jobId = makeJobId('ping');
    const started = await startJob(deps.client, deps.taskQueue, {
      kind: 'ping',
      workflowType: 'ping',
      jobId,
      args: [{ message: body.message }],
      inputSummary: body,
      priority: body.priority,
      requestId: ctx.state.requestId,
    });
    const job = acceptedJob({ id: jobId, kind: 'ping', runId: started.runId, input: body, links: deps.links });
    ctx.status = 202;
    ctx.set('Location', job.links.self);
    ctx.body = job;
  });
  return router;
}
