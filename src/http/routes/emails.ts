import Router from '@koa/router';
import { type Client, type WorkflowHandle, WorkflowNotFoundError } from '@temporalio/client';
import { rescheduleUpdate, sendNowUpdate } from '../../../workflows/send-email';
import type { EmailConfig } from '../../config';
import { acceptedJob } from '../../jobs/accepted-job';
import { emailJob } from '../../jobs/email-job';
import { makeIdempotentJobId, makeJobId } from '../../jobs/ids';
import { describeJob, type JobLinkBuilder } from '../../jobs/job-view';
import { sendTime } from '../../jobs/send-time';
import { startJob } from '../../jobs/start-job';
import { ConflictError, NotFoundError } from '../errors';
import { idempotencyKey } from '../idempotency-key';
import { emailRequestSchema, rescheduleSchema } from '../schemas/email';
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
    const { input, summary, tags } = emailJob(body, deps.email, { jobId, sendAt });
    const started = await startJob(deps.client, deps.taskQueue, {
      kind: 'email',
      workflowType: 'sendEmail',
      jobId,
      args: [input],
      inputSummary: summary,
      scheduledFor: sendAt,
      tags,
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

  router.post('/:id/reschedule', async (ctx) => {
    const body = validate(rescheduleSchema, ctx.request.body ?? {});
    const sendAt = sendTime(body)!.toISOString();
    ctx.body = await updateWaitingEmail(deps.client, ctx.params.id!, (handle) => handle.executeUpdate(rescheduleUpdate, { args: [{ sendAt }] }));
  });

  router.post('/:id/send-now', async (ctx) => {
    ctx.body = await updateWaitingEmail(deps.client, ctx.params.id!, (handle) => handle.executeUpdate(sendNowUpdate));
  });
  return router;
}

/** Runs an update on an email job; a job that has already closed answers 409 rather than 404. */
async function updateWaitingEmail<T>(client: Client, id: string, update: (handle: WorkflowHandle) => Promise<T>): Promise<T> {
  if (!id.startsWith('email-')) throw new NotFoundError(`no email job with id ${id}`);
  const handle = client.workflow.getHandle(id);
  try {
    return await update(handle);
  } catch (err) {
    if (!(err instanceof WorkflowNotFoundError)) throw err;
    const { status } = await handle.describe();
    throw new ConflictError(status.name === 'COMPLETED' ? `email ${id} was already sent` : `email job ${id} is already closed (${status.name.toLowerCase()})`);
  }
}
