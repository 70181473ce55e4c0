import Router from '@koa/router';
import type { Client } from '@temporalio/client';
import type { EmailConfig } from '../../config';
import { acceptedJob } from '../../jobs/accepted-job';
import { emailJob } from '../../jobs/email-job';
import { makeIdempotentJobId, makeJobId } from '../../jobs/ids';
import { describeJob, type JobLinkBuilder } from '../../jobs/job-view';
import { sendTime } from '../../jobs/send-time';
import { findJobSignal, sendJobSignal } from '../../jobs/job-signals';
import { startJob } from '../../jobs/start-job';
import { NotFoundError } from '../errors';
import { idempotencyKey } from '../idempotency-key';
import { emailRequestSchema } from '../schemas/email';
import { validate } from '../validate';

export interface EmailRouterDeps {
  client: Client;
  taskQueue: string;
  links: JobLinkBuilder;
  email: EmailConfig;
}

/** POST /v1/emails and the controls of a waiting email: reschedule and send-now. */
export function createEmailsRouter(deps: EmailRouterDeps): Router {
  const router = new Router({ prefix: '/v1/emails' });
  const schema = emailRequestSchema(deps.email);

  router.post('/', async (ctx) => {
    const key = idempotencyKey(ctx);
    const body = validate(schema, ctx.request.body);
    const sendAt = sendTime(body);
    const jobId = key ? makeIdempotentJobId('email', key) : makeJobId('email');
    const { input, summary, tags } = emailJob(body, deps.email, { taskQueue: deps.taskQueue, jobId, sendAt });
    const started = await startJob(deps.client, deps.taskQueue, {
      kind: 'email',
      workflowType: 'sendEmail',
      jobId,
      args: [input],
      inputSummary: summary,
      scheduledFor: sendAt,
      tags,
      priority: body.priority,
      requestId: ctx.state.requestId,
      idempotentRequest: key ? ctx.request.body : undefined,
    });
    const job = started.replayed
      ? await describeJob(deps.client, jobId, deps.links)
      : acceptedJob({ id: jobId, kind: 'email', runId: started.runId, scheduledFor: sendAt, input: summary, links: deps.links });
    ctx.status = 202;
    ctx.set('Location', job.links.self);
    if (started.replayed) ctx.set('Idempotent-Replayed', 'true');
    ctx.body = { ...job, sendAt: job.scheduledFor };
  });

  // The same controls as POST /v1/jobs/:id/signals/{reschedule,sendNow}, under the email's own path.
  for (const [path, name] of [['/:id/reschedule', 'reschedule'], ['/:id/send-now', 'sendNow']] as const) {
    router.post(path, async (ctx) => {
      const id = ctx.params.id!;
      if (!id.startsWith('email-')) throw new NotFoundError(`no email job with id ${id}`);
      const signal = findJobSignal(id, name);
      ctx.body = await sendJobSignal(deps.client, id, signal, signal.schema ? validate(signal.schema, ctx.request.body ?? {}) : undefined);
    });
  }
  return router;
}
