import Router from '@koa/router';
import type { Client } from '@temporalio/client';
import type { RunSequenceInput, SequenceStep } from '../../../workflows/run-sequence';
import { toAuditEvents } from '../../audit/audit-events';
import type { AuditConfig, EmailConfig, WebhookConfig } from '../../config';
import { acceptedJob } from '../../jobs/accepted-job';
import { emailJob } from '../../jobs/email-job';
import { makeIdempotentJobId, makeJobId } from '../../jobs/ids';
import { describeJob, type JobLinkBuilder } from '../../jobs/job-view';
import { startJob } from '../../jobs/start-job';
import { deliverWebhookInput } from '../../jobs/webhook-job';
import type { Store } from '../../store/open-store';
import { idempotencyKey } from '../idempotency-key';
import { type SequenceRequest, sequenceRequestSchema } from '../schemas/sequence';
import { validate } from '../validate';
import { targets } from './webhooks';

export interface SequencesRouterDeps {
  client: Client;
  taskQueue: string;
  links: JobLinkBuilder;
  store: Store;
  email: EmailConfig;
  webhooks: WebhookConfig;
  audit: AuditConfig;
}

/** POST /v1/sequences: several steps (email, webhook, audit) run in order in one job. */
export function createSequencesRouter(deps: SequencesRouterDeps): Router {
  const router = new Router({ prefix: '/v1/sequences' });
  const schema = sequenceRequestSchema(deps);

  router.post('/', async (ctx) => {
    const key = idempotencyKey(ctx);
    const body = validate(schema, ctx.request.body);
    const jobId = key ? makeIdempotentJobId('sequence', key) : makeJobId('sequence');
    const input: RunSequenceInput = { steps: await Promise.all(body.steps.map((step, i) => sequenceStep(deps, step, `${jobId}-step${i + 1}`))) };
    const summary = { steps: body.steps.map((s) => s.type) };
    const started = await startJob(deps.client, deps.taskQueue, {
      kind: 'sequence',
      workflowType: 'runSequence',
      jobId,
      args: [input],
      inputSummary: summary,
      tags: body.tags,
      priority: body.priority,
      requestId: ctx.state.requestId,
      idempotentRequest: key ? ctx.request.body : undefined,
    });
    const job = started.replayed ? await describeJob(deps.client, jobId, deps.links) : acceptedJob({ id: jobId, kind: 'sequence', runId: started.runId, input: summary, links: deps.links });
    ctx.status = 202;
    ctx.set('Location', job.links.self);
    ctx.body = job;
  });
  return router;
}

async function sequenceStep(deps: SequencesRouterDeps, step: SequenceRequest['steps'][number], childId: string): Promise<SequenceStep> {
  const continueOnError = step.continueOnError;
  switch (step.type) {
    case 'email':
      return { type: 'email', childId, continueOnError, input: emailJob(step.input, deps.email, { taskQueue: deps.taskQueue, jobId: childId }).input };
    case 'webhook': {
      const [endpoint] = await targets(deps.store, step.input);
      const { event, payload, headers } = step.input;
      return { type: 'webhook', childId, continueOnError, input: deliverWebhookInput({ taskQueue: deps.taskQueue, messageId: childId, endpointId: endpoint!.id, event, payload, headers }, deps.webhooks) };
    }
    case 'audit':
      return { type: 'audit', continueOnError, events: toAuditEvents([step.input]) };
  }
}
