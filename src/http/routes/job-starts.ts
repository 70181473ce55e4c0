import Router from '@koa/router';
import type { Client } from '@temporalio/client';
import { acceptedJob } from '../../jobs/accepted-job';
import { makeIdempotentJobId, makeJobId } from '../../jobs/ids';
import { checkNotify } from '../../jobs/job-notify';
import { describeJob, type JobLinkBuilder } from '../../jobs/job-view';
import { startJob } from '../../jobs/start-job';
import type { JobKind, KindDeps, PlanContext } from '../../kinds/kind';
import { idempotencyKey } from '../idempotency-key';
import { validate } from '../validate';

export interface JobStartsDeps extends KindDeps {
  client: Client;
  taskQueue: string;
  links: JobLinkBuilder;
}

/**
 * `POST` of every kind's start route, one behaviour for all: a 202 with `Location` and the job (never the
 * result); `priority`, `tags` and `notify`; `Idempotency-Key` scoped to the API key that sent it, answering the first
 * job again with `Idempotent-Replayed: true`.
 */
export function createJobStartsRouter(kinds: readonly JobKind[], deps: JobStartsDeps): Router {
  const router = new Router();
  for (const kind of kinds) {
    const start = kind.start;
    if (!start) continue;
    const schema = start.schema(deps);
    router.post(start.path, async (ctx) => {
      const key = idempotencyKey(ctx);
      const given = Object.keys(ctx.params).length
        ? { ...(ctx.request.body as object | undefined), ...ctx.params }
        : (ctx.request.body ?? {});
      const body = validate(schema, given) as { priority?: number; notify?: { endpointId: string } };
      await checkNotify(deps.store!.webhookEndpoints, body.notify);
      const scope: string | undefined = ctx.state.apiKey?.name;
      const plan: PlanContext = {
        taskQueue: deps.taskQueue,
        jobIdFor: (name, part) => (key ? makeIdempotentJobId(name, key, { scope, part }) : makeJobId(name)),
      };
      const planned = await start.plan(body as never, deps, plan);
      const started = await Promise.all(
        planned.jobs.map(async (job) => {
          const { runId, replayed } = await startJob(deps.client, deps.taskQueue, {
            ...job,
            kind: kind.name,
            priority: body.priority,
            notify: body.notify,
            requestId: ctx.state.requestId,
            idempotency: key ? { key, request: ctx.request.body } : undefined,
          });
          const view = replayed
            ? await describeJob(deps.client, job.jobId, deps.links)
            : acceptedJob({
                id: job.jobId,
                kind: kind.name,
                runId,
                scheduledFor: job.scheduledFor,
                input: job.summary,
                links: deps.links,
              });
          return { view, replayed };
        }),
      );
      ctx.status = 202;
      if (started.length === 1) ctx.set('Location', started[0]!.view.links.self);
      if (started.length > 0 && started.every((s) => s.replayed)) ctx.set('Idempotent-Replayed', 'true');
      ctx.body = planned.answer ? planned.answer(started.map((s) => s.view)) : started[0]!.view;
    });
  }
  return router;
}
