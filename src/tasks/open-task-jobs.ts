import type { Client } from '@temporalio/client';
import { TASK_TYPE } from '../../workflows/shared/search-attributes';
import { jobListQuery, jobScope, quote } from '../jobs/job-query';

/** The kind name of task jobs, as their JobKind search attribute holds it. */
const TASK_KIND = 'task';

/** How many jobs of task type `name` on this deployment's task queue are running (visibility, so a moment behind). */
export async function countOpenTaskJobs(client: Client, taskQueue: string, name: string): Promise<number> {
  const query = [
    ...jobScope(taskQueue, TASK_KIND),
    `${TASK_TYPE.name} = ${quote(name)}`,
    "ExecutionStatus = 'Running'",
  ].join(' AND ');
  return (await client.workflow.count(query)).count;
}

/** How many runs of task type `name` failed (a job replayed after failing counts its failed run too). */
export async function countFailedTaskJobs(client: Client, taskQueue: string, name: string): Promise<number> {
  const query = jobListQuery(taskQueue, { kind: TASK_KIND, taskType: name, status: 'failed' }, new Date());
  return (await client.workflow.count(query)).count;
}
