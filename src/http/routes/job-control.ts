import type Router from '@koa/router';
import type { Client } from '@temporalio/client';
import type { AuditRecorder } from '../../audit/audit-recorder';
import { findJobSignal, sendJobSignal } from '../../jobs/job-signals';
import { describeJob, type JobLinkBuilder } from '../../jobs/job-view';
import { planReplay, runReplay } from '../../jobs/replay-failed';
import { retryJob } from '../../jobs/retry-job';
import { isMeasuredJob, type JobMetrics } from '../../observability/job-metrics';
import { ConflictError } from '../errors';
import { createJobRouter } from './job-router';
import { replaySchema, terminateSchema } from '../schemas/job-control';
import { validate } from '../validate';

export interface JobControlDeps {
  client: Client;
  taskQueue: string;
  links: JobLinkBuilder;
  recorder: AuditRecorder;
  /** Counts the jobs it terminates (their workflows never see it, so no worker can). */
  jobMetrics?: JobMetrics;
}

/** Steering jobs: terminate, signal, retry one failed job, replay failed jobs in a window. */
export function createJobControlRouter(deps: JobControlDeps): Router {
  const router = createJobRouter();

  router.post('/replay', async (ctx) => {
    const body = validate(replaySchema, ctx.request.body ?? {});
    const window = { kind: body.kind, since: body.since, until: body.until ?? new Date() };
    if (body.dryRun) {
      const plan = await planReplay(deps.client, deps.taskQueue, window);
      ctx.body = {
        dryRun: true,
        ...window,
        count: plan.ids.length,
        truncated: plan.truncated,
        jobs: plan.ids,
        confirm: plan.confirm,
      };
      return;
    }
    const { started, errors } = await runReplay(deps.client, deps.taskQueue, window, body.confirm!);
    const event = await deps.recorder.recordAction({
      actor: ctx.state.actor,
      action: 'jobs.replayed',
      resource: `jobs:${window.kind ?? 'all'}`,
      detail: { ...window, started: started.map((j) => j.id), errors, requestId: ctx.state.requestId },
    });
    ctx.status = 202;
    ctx.body = {
      dryRun: false,
      ...window,
      started: started.length,
      jobs: started.map((j) => ({ ...j, self: deps.links.self(j.id) })),
      errors,
      auditEventId: event.id,
    };
  });

  router.post('/:id/terminate', async (ctx) => {
    const { reason } = validate(terminateSchema, ctx.request.body ?? {});
    const handle = deps.client.workflow.getHandle(ctx.params.id!);
    const { status } = await handle.describe();
    if (status.name !== 'RUNNING')
      throw new ConflictError(`job ${ctx.params.id} is already closed (${status.name.toLowerCase()})`);
    await handle.terminate(reason);
    await deps.recorder.recordAction({
      actor: ctx.state.actor,
      action: 'job.terminated',
      resource: `job:${ctx.params.id}`,
      detail: { reason, requestId: ctx.state.requestId },
    });
    const job = await describeJob(deps.client, ctx.params.id!, deps.links);
    if (isMeasuredJob(job.kind, job.id)) deps.jobMetrics?.closed(job.kind, 'terminated', (job.durationMs ?? 0) / 1000);
    ctx.status = 202;
    ctx.body = job;
  });

  router.post('/:id/retry', async (ctx) => {
    const retried = await retryJob(deps.client, ctx.params.id!);
    await deps.recorder.recordAction({
      actor: ctx.state.actor,
      action: 'job.retried',
      resource: `job:${retried.id}`,
      detail: { retryOf: retried.retryOf, runId: retried.runId, requestId: ctx.state.requestId },
    });
    const job = await describeJob(deps.client, retried.id, deps.links);
    ctx.status = 202;
    ctx.set('Location', job.links.self);
    ctx.body = job;
  });

  router.post('/:id/signals/:name', async (ctx) => {
    const { id, name } = ctx.params as { id: string; name: string };
    const signal = findJobSignal(id, name);
    const body = signal.schema ? validate(signal.schema, ctx.request.body ?? {}) : undefined;
    await deps.client.workflow.getHandle(id).describe();
    ctx.body = { id, signal: name, result: await sendJobSignal(deps.client, id, signal, body) };
  });
  return router;
}
