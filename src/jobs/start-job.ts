import type { Client, WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { JOB_KIND, JOB_SCHEDULED_FOR, JOB_TAGS } from '../../workflows/shared/search-attributes';

export interface StartJobRequest {
  kind: string;
  workflowType: string;
  jobId: string;
  args: unknown[];
  /** A redacted summary of the input, kept in the memo for listings; never secrets or full bodies. */
  inputSummary: unknown;
  scheduledFor?: Date;
  tags?: string[];
  requestId?: string;
}

/** Starts the workflow behind a job, with the search attributes that make it listable by kind, tag and time. */
export async function startJob(client: Client, taskQueue: string, r: StartJobRequest): Promise<WorkflowHandleWithFirstExecutionRunId> {
  return client.workflow.start(r.workflowType, {
    taskQueue,
    workflowId: r.jobId,
    args: r.args,
    typedSearchAttributes: [
      { key: JOB_KIND, value: r.kind },
      ...(r.tags?.length ? [{ key: JOB_TAGS, value: r.tags }] : []),
      ...(r.scheduledFor ? [{ key: JOB_SCHEDULED_FOR, value: r.scheduledFor }] : []),
    ],
    memo: { input: r.inputSummary, ...(r.requestId ? { requestId: r.requestId } : {}) },
  });
}
