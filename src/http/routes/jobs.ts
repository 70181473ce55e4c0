import type Router from '@koa/router';
import type { Client } from '@temporalio/client';
import type { AuditRecorder } from '../../audit/audit-recorder';
import { describeJob, type JobLinkBuilder } from '../../jobs/job-view';
import { ConflictError } from '../errors';
import { createJobRouter } from './job-router';

export function createJobsRouter(deps: { client: Client; links: JobLinkBuilder; recorder: AuditRecorder }): Router {
  const router = createJobRouter();
  router.get('/:id', async (ctx) => {
    ctx.body = await describeJob(deps.client, ctx.params.id!, deps.links);
  });
  router.post('/:id/cancel', async (ctx) => {
    const handle = deps.client.workflow.getHandle(ctx.params.id!);
    const { status, runId } = await handle.describe();
    if (status.name !== 'RUNNING')
      throw new ConflictError(`job ${ctx.params.id} is already closed (${status.name.toLowerCase()})`);
    await handle.cancel();
    await deps.recorder.recordAction({
      actor: ctx.state.actor,
      action: 'job.cancelled',
      resource: `job:${ctx.params.id}`,
      detail: { runId, requestId: ctx.state.requestId },
    });
    ctx.status = 202;
    ctx.body = await describeJob(deps.client, ctx.params.id!, deps.links);
  });
  return router;
}
