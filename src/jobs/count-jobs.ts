import type { Client } from '@temporalio/client';
import { closedStatusOfVisibility, type JobFilters, jobListQuery } from './job-query';
import type { JobStatus } from './job-status';

export interface JobCounts {
  /** Every run the filters match, open or closed. */
  total: number;
  /** Still running (scheduled, queued, running or retrying: visibility does not tell them apart). */
  open: number;
  /** The closed runs by their job status. */
  closed: Partial<Record<JobStatus, number>>;
}

/**
 * How many runs match the filters, by status: one visibility count over the query GET /v1/jobs lists with, so a
 * count and the list it links to agree. Visibility counts runs: a job retried has one per run.
 */
export async function countJobs(client: Client, taskQueue: string, filters: JobFilters, now: Date): Promise<JobCounts> {
  const answer = await client.workflow.count(`${jobListQuery(taskQueue, filters, now)} GROUP BY ExecutionStatus`);
  const counts: JobCounts = { total: answer.count, open: 0, closed: {} };
  for (const group of answer.groups) {
    const value = group.groupValues[0];
    const executionStatus = String(Array.isArray(value) ? value[0] : value);
    const status = closedStatusOfVisibility(executionStatus);
    if (status) counts.closed[status] = (counts.closed[status] ?? 0) + group.count;
    else if (executionStatus === 'Running') counts.open += group.count;
  }
  return counts;
}
