import {
  type Client,
  WorkflowExecutionAlreadyStartedError,
  type WorkflowExecutionDescription,
} from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import { decodeArrayFromPayloads } from '@temporalio/common/lib/internal-non-workflow';
import { JOB_PHASE_MEMO_KEY } from '../../workflows/shared/job-phase';
import { JOB_KIND, JOB_SCHEDULED_FOR, JOB_TAGS } from '../../workflows/shared/search-attributes';
import { findKind } from '../kinds';
import { metadataOfJob, type WorkflowMetadata } from './job-metadata';
import { startPhase } from './start-phase';

/** Only a job whose last run ended in failure can be retried: anything else would run its work twice. */
export const RETRYABLE_STATUSES = new Set(['FAILED', 'TIMED_OUT']);

export class JobNotRetryableError extends Error {}

export interface RetriedJob {
  id: string;
  runId: string;
  /** The failed run this one retries. */
  retryOf: string;
}

/**
 * Runs a failed job again: a new run under the same job id, with the input (as its kind's retryArgs
 * adapts it: a sequence resumes where it failed), memo, search attributes and priority of the failed one. Keeping the id keeps what derives from it (an email's Message-ID, a
 * webhook's webhook-id), so receivers can recognise the redelivery. The new run's memo names the run
 * it retries; the job view lists the earlier runs.
 */
export async function retryJob(client: Client, id: string): Promise<RetriedJob> {
  const handle = client.workflow.getHandle(id);
  const failed = await handle.describe();
  if (!RETRYABLE_STATUSES.has(failed.status.name)) {
    throw new JobNotRetryableError(
      `job ${id} is ${failed.status.name.toLowerCase()}; only failed or timed-out jobs can be retried`,
    );
  }
  const history = await client.workflow.getHandle(id, failed.runId).fetchHistory();
  const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
  if (!started) throw new Error(`job ${id} has no start event in its history`);
  const failedArgs = await decodeArrayFromPayloads(
    client.workflow.options.loadedDataConverter,
    started.input?.payloads,
  );
  const kind = findKind(failed.typedSearchAttributes.get(JOB_KIND));
  const args = kind?.retryArgs ? kind.retryArgs(failedArgs, failed.memo) : failedArgs;
  // The new run starts where any job starts, not where the failed one ended.
  const { [JOB_PHASE_MEMO_KEY]: _failedPhase, ...memo } = failed.memo ?? {};
  const phase = startPhase(kind?.name ?? '', failed.type, failed.typedSearchAttributes.get(JOB_SCHEDULED_FOR));
  try {
    const retry = await client.workflow.start(failed.type, {
      taskQueue: failed.taskQueue,
      workflowId: id,
      args,
      priority: failed.priority,
      typedSearchAttributes: failed.typedSearchAttributes.updateCopy(phase),
      memo: { ...memo, retryOf: failed.runId },
      ...(await retryMetadata(failed)),
      // Refuses when another retry has already started a run since this describe.
      workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
    });
    return { id, runId: retry.firstExecutionRunId, retryOf: failed.runId };
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError)
      throw new JobNotRetryableError(`job ${id} is already being retried`);
    throw err;
  }
}

/** The failed run's summary again, its details saying which run this retries; what it had, for a job without a kind. */
async function retryMetadata(failed: WorkflowExecutionDescription): Promise<Partial<WorkflowMetadata>> {
  const memo = failed.memo ?? {};
  const rebuilt = metadataOfJob({
    kind: failed.typedSearchAttributes.get(JOB_KIND) ?? '',
    summary: memo.input,
    tags: failed.typedSearchAttributes.get(JOB_TAGS),
    origin: { request: memo.requestId, 'retry of run': failed.runId },
  });
  return rebuilt ?? { staticSummary: await failed.staticSummary(), staticDetails: await failed.staticDetails() };
}

export interface JobRun {
  runId: string;
  status: string;
  startedAt: string;
  closedAt: string | null;
}

/** Every run of a job, newest first as visibility returns them. */
export async function jobRuns(client: Client, id: string): Promise<JobRun[]> {
  const runs: JobRun[] = [];
  for await (const run of client.workflow.list({ query: `WorkflowId = '${id.replace(/['\\]/g, '')}'` })) {
    runs.push({
      runId: run.runId,
      status: run.status.name.toLowerCase(),
      startedAt: run.startTime.toISOString(),
      closedAt: run.closeTime?.toISOString() ?? null,
    });
  }
  return runs;
}
