import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import { JOB_KIND } from '../../../../workflows/shared/search-attributes';
import { closedRunError } from '../../../jobs/closed-outcome';
import { type DeadLetterWindow, deadLetters } from '../../../jobs/dead-letters';
import { closedJobStatus } from '../../../jobs/job-status';
import type { DeadLetter } from './dead-letter-groups';
import { failureCache } from './failure-cache';

/** The most dead letters the view lists: as many as one replay starts. */
export const MAX_LISTED = 500;
/** Runs whose failure is read at once, so a first look at many dead letters does not flood Temporal. */
const READS_AT_ONCE = 50;

export interface DeadLetterListing {
  letters: DeadLetter[];
  truncated: boolean;
}

/**
 * Reads the dead letters of a window the way replay finds them (src/jobs/dead-letters), each with its failure as
 * GET /v1/jobs/:id reports it, read once per run and kept: the same reader serves the page and its live stream.
 */
export function deadLetterReader(client: Client, taskQueue: string) {
  const failureOf = failureCache((run: WorkflowExecutionInfo) => closedRunError(client, run));
  return async (w: DeadLetterWindow): Promise<DeadLetterListing> => {
    const { runs, truncated } = await deadLetters(client, taskQueue, w, MAX_LISTED);
    const letters: DeadLetter[] = [];
    for (let i = 0; i < runs.length; i += READS_AT_ONCE) {
      const chunk = runs.slice(i, i + READS_AT_ONCE);
      letters.push(
        ...(await Promise.all(
          chunk.map(async (run) => ({
            id: run.workflowId,
            kind: run.typedSearchAttributes.get(JOB_KIND) ?? run.type,
            runId: run.runId,
            status: closedJobStatus(run.status.name) ?? 'failed',
            closedAt: run.closeTime?.toISOString() ?? null,
            input: run.memo?.input ?? null,
            error: await failureOf(run),
          })),
        )),
      );
    }
    return { letters, truncated };
  };
}
