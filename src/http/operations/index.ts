import { AUDIT_OPERATIONS } from './audit';
import { EMAIL_TEMPLATE_OPERATIONS } from './email-templates';
import { EMAIL_BATCH_OPERATIONS } from './email-batches';
import { JOB_OPERATIONS } from './jobs';
import type { Operation } from './operation';
import { SCHEDULE_OPERATIONS } from './schedules';
import { CODEC_OPERATIONS, SERVICE_OPERATIONS } from './service';
import { TASK_OPERATIONS } from './tasks';
import { WEBHOOK_ENDPOINT_OPERATIONS } from './webhook-endpoints';

export { type Answer, type Operation, PUBLIC, type SchemaDeps } from './operation';

/**
 * Every route of the API, as `METHOD /path` exactly as its router registers it: who may call it and
 * what it takes. One table, its entries by area: a route missing here is refused (and fails
 * test/http/operations.unit.test.ts). The document lists the paths in this order.
 */
export const OPERATIONS: Readonly<Record<string, Operation>> = {
  ...SERVICE_OPERATIONS,
  ...JOB_OPERATIONS,
  ...EMAIL_BATCH_OPERATIONS,
  ...AUDIT_OPERATIONS,
  ...WEBHOOK_ENDPOINT_OPERATIONS,
  ...TASK_OPERATIONS,
  ...EMAIL_TEMPLATE_OPERATIONS,
  ...SCHEDULE_OPERATIONS,
  ...CODEC_OPERATIONS,
};
