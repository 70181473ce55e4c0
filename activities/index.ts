import { type AuditActivityDeps, createAuditActivities } from './audit-log';
import { createEmailActivities, type EmailActivityDeps } from './email';
import { createPingActivities } from './ping';
import { createTaskJobActivities, type TaskJobDeps } from './tasks';
import { createWebhookJobActivities, type WebhookJobDeps } from './webhooks';

export interface ActivityDeps {
  workerIdentity: string;
  email: EmailActivityDeps;
  audit: AuditActivityDeps;
  webhooks: WebhookJobDeps;
  tasks: TaskJobDeps;
}

export function createActivities(deps: ActivityDeps) {
  return {
    ...createPingActivities(deps),
    ...createEmailActivities(deps.email),
    ...createAuditActivities(deps.audit),
    ...createWebhookJobActivities(deps.webhooks),
    ...createTaskJobActivities(deps.tasks),
  };
}

export type Activities = ReturnType<typeof createActivities>;
