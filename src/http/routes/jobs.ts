import type Router from '@koa/router';
import type { Client } from '@temporalio/client';
import type { AuditRecorder } from '../../audit/audit-recorder';
import { describeJob, type JobLinkBuilder } from '../../jobs/job-view';
import { waitForClose } from '../../jobs/wait-for-close';
import { ConflictError } from '../errors';
import { jobWaitQuerySchema } from '../schemas/job-wait';
import { validateQuery } from '../validate';
import { createJobRouter } from './job-router';

export function createJobsRouter(deps: { client: Client; links: JobLinkBuilder; recorder: AuditRecorder }): Router {
  const router = createJobRouter();
  // With `wait`, answers once the job closes or the wait is over (a long poll); the client leaving ends it too.
  router.get('/:id', async (ctx) => {
    const { wait } = validateQuery(jobWaitQuerySchema, ctx.query);
    if (wait) {
      const gone = new AbortController();
      const leaves = () => gone.abort();
      ctx.res.once('close', leaves);
      try {
        await waitForClose(deps.client, ctx.params.id!, AbortSignal.any([gone.signal, AbortSignal.timeout(wait)]));
      } finally {
        ctx.res.off('close', leaves);
      }
      if (gone.signal.aborted) return;
    }
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
