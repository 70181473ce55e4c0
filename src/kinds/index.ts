import { auditKind } from './audit';
import { batchKind } from './batch';
import { emailKind } from './email';
import type { JobKind } from './kind';
import { pingKind } from './ping';
import { sequenceKind } from './sequence';
import { taskKind } from './task';
import { webhookKind } from './webhook';

const STEP_KINDS: readonly JobKind[] = [pingKind, emailKind, webhookKind, auditKind, taskKind];

/**
 * THE registry: every kind of job. The start routes, OPERATIONS and the OpenAPI document, schedules,
 * sequence steps, job controls and retries derive from this list; adding a kind is one line here.
 */
export const JOB_KINDS: readonly JobKind[] = [...STEP_KINDS, sequenceKind(STEP_KINDS), batchKind];

/** The kind of that name (a job's JobKind search attribute, or the `<kind>-` its id starts with), if it is one of ours. */
export function findKind(name: string | undefined): JobKind | undefined {
  return JOB_KINDS.find((k) => k.name === name);
}

/**
 * The kind whose workflow a workflow type is (`sendEmail` → email): a job's kind where its JobKind is missing, as on
 * a sequence's steps started before steps carried one.
 */
export function kindOfWorkflowType(type: string): JobKind | undefined {
  return JOB_KINDS.find((k) => k.workflow.name === type);
}
