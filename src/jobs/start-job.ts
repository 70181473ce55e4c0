import { createHash } from 'node:crypto';
import {
  type Client,
  type Workflow,
  WorkflowExecutionAlreadyStartedError,
  type WorkflowHandleWithFirstExecutionRunId,
} from '@temporalio/client';
import { type SearchAttributePair, WorkflowIdReusePolicy } from '@temporalio/common';
import { canonicalJson } from '../../activities/store';
import { type JobNotify, NOTIFY_MEMO } from '../../workflows/shared/job-events';
import { JOB_KIND, JOB_SCHEDULED_FOR, JOB_TAGS } from '../../workflows/shared/search-attributes';
import { metadataOfJob } from './job-metadata';
import { startPhase } from './start-phase';

export interface StartJobRequest {
  kind: string;
  workflow: Workflow;
  jobId: string;
  /** Typed where the kind plans the job (plannedJob); the start itself only passes them on. */
  args: unknown[];
  /** A redacted summary of the input, kept in the memo for listings; never secrets or full bodies. */
  summary: unknown;
  scheduledFor?: Date;
  tags?: string[];
  /** Search attributes of this kind of job (e.g. the webhook endpoint), on top of kind, tags and time. */
  searchAttributes?: SearchAttributePair[];
  /** 1 (highest) to 5; Temporal dispatches a task queue's backlog in priority order. */
  priority?: number;
  /** The endpoint told when the job closes, kept in the memo where its workflow reads it (and a retry keeps it). */
  notify?: JobNotify;
  requestId?: string;
  /** The Idempotency-Key the request carried, and the request as the client sent it (the job id derives from the key). */
  idempotency?: { key: string; request: unknown };
}

export interface StartedJob {
  runId: string;
  /** True when an earlier request with the same Idempotency-Key and body already started this job. */
  replayed: boolean;
}

/** The same Idempotency-Key with a different body: the client is reusing a key by mistake. */
export class IdempotencyKeyReusedError extends Error {}

const fingerprint = (request: unknown): string => createHash('sha256').update(canonicalJson(request)).digest('hex');

/**
 * Starts the workflow behind a job, with the search attributes that make it listable by kind, tag and
 * time. With an idempotent request, a second start with the same key returns the first job when the
 * body matches, and throws IdempotencyKeyReusedError when it does not; the key is never reused, even
 * after the job has closed.
 */
export async function startJob(client: Client, taskQueue: string, r: StartJobRequest): Promise<StartedJob> {
  const requestHash = r.idempotency && fingerprint(r.idempotency.request);
  let handle: WorkflowHandleWithFirstExecutionRunId;
  try {
    handle = await client.workflow.start(r.workflow, {
      taskQueue,
      workflowId: r.jobId,
      args: r.args,
      priority: r.priority ? { priorityKey: r.priority } : undefined,
      workflowIdReusePolicy: requestHash ? WorkflowIdReusePolicy.REJECT_DUPLICATE : undefined,
      ...metadataOfJob({
        kind: r.kind,
        summary: r.summary,
        tags: r.tags,
        origin: {
          'scheduled for': r.scheduledFor?.toISOString(),
          priority: r.priority,
          'notify endpoint': r.notify?.endpointId,
          request: r.requestId,
          'Idempotency-Key': r.idempotency?.key,
        },
      }),
      typedSearchAttributes: [
        { key: JOB_KIND, value: r.kind },
        ...(r.tags?.length ? [{ key: JOB_TAGS, value: r.tags }] : []),
        ...(r.scheduledFor ? [{ key: JOB_SCHEDULED_FOR, value: r.scheduledFor }] : []),
        ...startPhase(r.kind, r.workflow.name, r.scheduledFor),
        ...(r.searchAttributes ?? []),
      ],
      memo: {
        input: r.summary,
        ...(r.notify ? { [NOTIFY_MEMO]: r.notify } : {}),
        ...(r.requestId ? { requestId: r.requestId } : {}),
        ...(requestHash ? { requestHash } : {}),
      },
    });
  } catch (err) {
    if (!(requestHash && err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    const existing = await client.workflow.getHandle(r.jobId).describe();
    if (existing.memo?.requestHash !== requestHash)
      throw new IdempotencyKeyReusedError(`Idempotency-Key was already used for a different request (job ${r.jobId})`);
    return { runId: existing.runId, replayed: true };
  }
  return { runId: handle.firstExecutionRunId, replayed: false };
}
