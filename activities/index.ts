import { type AuditActivityDeps, createAuditActivities } from './audit-log';
import { createEmailActivities, type EmailActivityDeps } from './email';
import { createEmailBatchActivities } from './email-batches/send-batch-chunk';
import { createPingActivities } from './ping';
import type { EmailBatchStore } from './store';
import { createTaskJobActivities, type TaskJobDeps } from './tasks';
import { createWebhookJobActivities, type WebhookJobDeps } from './webhooks';

export interface ActivityDeps {
  workerIdentity: string;
  email: EmailActivityDeps;
  audit: AuditActivityDeps;
  webhooks: WebhookJobDeps;
  tasks: TaskJobDeps;
  /** Where email batches keep their recipients; their messages go out through `email`'s transport. */
  emailBatches: EmailBatchStore;
}

export function createActivities(deps: ActivityDeps) {
  return {
    ...createPingActivities(deps),
    ...createEmailActivities(deps.email),
    ...createEmailBatchActivities({ ...deps.email, batches: deps.emailBatches }),
    ...createAuditActivities(deps.audit),
    ...createWebhookJobActivities(deps.webhooks),
    ...createTaskJobActivities(deps.tasks),
  };
}

export type Activities = ReturnType<typeof createActivities>;
