import { sendEmailBatch } from '../../../workflows/send-email-batch';
import { emailLine } from '../../../workflows/shared/summary-lines';
import type { TemplateUsed } from '../email/templated-email';
import { type JobKind, plannedJob, startRoute } from '../kind';
import { batchControls } from './batch-controls';
import { storeBatch } from './plan-batch';
import { type EmailBatchRequest, emailBatchRequestSchema } from './request-schema';

/** What listings show of a batch: counts and the template's subject (and which stored one), never addresses or data. */
export interface EmailBatchSummary {
  recipients: number;
  subject: string;
  ratePerSecond: number;
  template?: TemplateUsed;
}

/**
 * An email batch: one job for up to 10,000 messages from one template, each recipient with its own data and
 * `sendAt`. The recipients and their results live in Afterward's database (GET /v1/jobs/:id/recipients).
 */
export const batchKind: JobKind = {
  name: 'batch',
  workflow: sendEmailBatch,
  summaryLine: (s) => emailLine({ ...(s as EmailBatchSummary), attachments: 0 }),
  // Its side effects are per recipient, recorded in the database; the job counts its runs.
  attemptActivities: [],
  start: startRoute<EmailBatchRequest>({
    path: '/v1/email-batches',
    operationId: 'sendEmailBatch',
    summary: 'Send one template (given or stored) to up to 10,000 recipients as one job',
    schema: (deps) => emailBatchRequestSchema(deps.email),
    plan: async (body, deps, ctx) => {
      const jobId = ctx.jobIdFor('batch');
      const { template, subject } = await storeBatch(deps, jobId, body);
      const summary: EmailBatchSummary = {
        recipients: body.recipients.length,
        subject,
        ratePerSecond: body.ratePerSecond,
        ...(template ? { template } : {}),
      };
      return {
        jobs: [
          plannedJob(sendEmailBatch, [{ batchId: jobId, retry: deps.email.retry }], {
            jobId,
            summary,
            tags: body.tags,
          }),
        ],
      };
    },
  }),
  controls: batchControls,
};
