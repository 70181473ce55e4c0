import { jobMetadata, type WorkflowMetadata } from '../../workflows/shared/workflow-metadata';
import { findKind } from '../kinds';

export type { WorkflowMetadata };

export interface JobMetadataRequest {
  kind: string;
  /** The job's redacted summary, the memo's `input`. */
  summary: unknown;
  tags?: readonly string[];
  /** Where the job comes from: request id, Idempotency-Key, schedule, retried run… (a line each). */
  origin?: Record<string, unknown>;
}

/**
 * The static summary and details of a job's workflow, so a Temporal UI row says what the job is
 * (`email · 1 recipient · "Welcome"`): from the kind's summary line and the job's redacted summary. Every start
 * of a job takes them from here (start, retry, a schedule's runs); workflows that start jobs use jobMetadata itself.
 * Undefined for a workflow of no registered kind (a sequence's step): a retry of one keeps what it had.
 */
export function metadataOfJob(r: JobMetadataRequest): WorkflowMetadata | undefined {
  const kind = findKind(r.kind);
  if (!kind || r.summary === undefined) return undefined;
  return jobMetadata({
    kind: kind.name,
    line: kind.summaryLine(r.summary),
    summary: r.summary,
    tags: r.tags,
    origin: r.origin,
  });
}
