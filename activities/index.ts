import { type AuditActivityDeps, createAuditActivities } from './audit-log';
import { createEmailActivities, type EmailActivityDeps } from './email';
import { createPingActivities } from './ping';

export interface ActivityDeps {
  workerIdentity: string;
  email: EmailActivityDeps;
  audit: AuditActivityDeps;
}

export function createActivities(deps: ActivityDeps) {
  return {
    ...createPingActivities(deps),
    ...createEmailActivities(deps.email),
    ...createAuditActivities(deps.audit),
  };
}

export type Activities = ReturnType<typeof createActivities>;
