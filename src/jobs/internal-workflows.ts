import { JOB_EVENTS_ID_PREFIX } from '../../workflows/shared/job-events';

// Workflows Afterward runs for itself on the task queue, beside the jobs. They are not jobs: listings
// leave them out and every job route answers 404 for them, so nobody cancels, terminates or retries one
// through the API. This is the one rule that tells them apart: by workflow id, which every route has.

/**
 * The audit writers, `audit-writer-<task queue>-<n>` (src/audit/audit-recorder.ts): each holds the
 * audit events it has been signalled until they are inserted; terminating one drops them.
 */
export const AUDIT_WRITER_ID_PREFIX = 'audit-writer-';

/**
 * The publishers of job events, `job-events-<run id>` (workflows/publish-job-event.ts): each tells the endpoints
 * of one job's close; its deliveries are webhook jobs of their own.
 */
export { JOB_EVENTS_ID_PREFIX };

const INTERNAL_ID_PREFIXES = [AUDIT_WRITER_ID_PREFIX, JOB_EVENTS_ID_PREFIX];

export function isInternalWorkflowId(id: string): boolean {
  return INTERNAL_ID_PREFIXES.some((prefix) => id.startsWith(prefix));
}

/** Visibility clauses that leave internal workflows out (the prefixes hold no quote or LIKE wildcard). */
export const EXCLUDE_INTERNAL_WORKFLOWS: readonly string[] = INTERNAL_ID_PREFIXES.map(
  (prefix) => `WorkflowId NOT STARTS_WITH '${prefix}'`,
);
