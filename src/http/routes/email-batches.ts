import type Router from '@koa/router';
import type { Client } from '@temporalio/client';
import { InvalidRecipientCursorError } from '../../../activities/store';
import type { AuditRecorder } from '../../audit/audit-recorder';
import type { EmailConfig } from '../../config';
import { sendJobSignal } from '../../jobs/job-signals';
import { batchControls } from '../../kinds/batch/batch-controls';
import { retryFailedRecipients } from '../../kinds/batch/retry-failed';
import type { Store } from '../../store/open-store';
import { NotFoundError, ValidationError } from '../errors';
import { recipientListQuerySchema } from '../schemas/email-batches';
import { validateQuery } from '../validate';
import { createJobRouter } from './job-router';

export interface EmailBatchesRouterDeps {
  client: Client;
  store: Store;
  email: EmailConfig;
  recorder: AuditRecorder;
}

/**
 * An email batch's recipients and its controls: pause, resume, retry the failed recipients (each an audit event).
 * Starting a batch is the registry's start route (POST /v1/email-batches); cancelling it, the job's.
 */
export function createEmailBatchesRouter(deps: EmailBatchesRouterDeps): Router {
  const router = createJobRouter();
  const batches = deps.store.emailBatches;
  const batchOf = async (id: string) => {
    if (!(await batches.get(id))) throw new NotFoundError(`no email batch with id ${id}`);
  };
  const control = (name: 'pause' | 'resume', action: string) =>
    router.post(`/:id/${name}`, async (ctx) => {
      const id = ctx.params.id!;
      await batchOf(id);
      const progress = await sendJobSignal(deps.client, id, batchControls[name]!, undefined);
      await deps.recorder.recordAction({
        actor: ctx.state.actor,
        action,
        resource: `job:${id}`,
        detail: { requestId: ctx.state.requestId },
      });
      ctx.body = { id, progress };
    });

  router.get('/:id/recipients', async (ctx) => {
    const id = ctx.params.id!;
    const query = validateQuery(recipientListQuerySchema, ctx.query);
    await batchOf(id);
    try {
      ctx.body = { id, ...(await batches.list(id, query)) };
    } catch (err) {
      if (!(err instanceof InvalidRecipientCursorError)) throw err;
      throw new ValidationError([{ field: 'cursor', message: err.message, in: 'query' }]);
    }
  });
  control('pause', 'job.paused');
  control('resume', 'job.resumed');
  router.post('/:id/recipients/retry-failed', async (ctx) => {
    const id = ctx.params.id!;
    await batchOf(id);
    const retried = await retryFailedRecipients(deps.client, batches, id, deps.email.retry);
    await deps.recorder.recordAction({
      actor: ctx.state.actor,
      action: 'job.recipients_retried',
      resource: `job:${id}`,
      detail: { ...retried, requestId: ctx.state.requestId },
    });
    ctx.status = 202;
    ctx.body = { id, requeued: retried.requeued, runId: retried.runId ?? null };
  });
  return router;
}
