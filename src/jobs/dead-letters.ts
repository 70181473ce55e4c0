import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import { jobScope } from './job-query';
import { latestRuns } from './latest-runs';
import { RETRYABLE_STATUSES } from './retry-job';

/** Which dead letters: of one kind or every kind, with a run closed in [since, until) (open-ended where left out). */
export interface DeadLetterWindow {
  kind?: string;
  since?: Date;
  until?: Date;
}

export interface DeadLetters {
  /** The latest run of each dead job, in visibility's order (the most recently closed first). */
  runs: WorkflowExecutionInfo[];
  /** More jobs are dead than `max`. */
  truncated: boolean;
}

const iso = (d: Date): string => `'${d.toISOString()}'`;

/** The visibility query for the runs that failed or timed out in the window: every dead letter has one. */
export function deadRunQuery(taskQueue: string, w: DeadLetterWindow): string {
  return [
    ...jobScope(taskQueue, w.kind),
    "ExecutionStatus IN ('Failed', 'TimedOut')",
    ...(w.since ? [`CloseTime >= ${iso(w.since)}`] : []),
    ...(w.until ? [`CloseTime < ${iso(w.until)}`] : []),
  ].join(' AND ');
}

/** Distinct job ids matching a visibility query, up to `max`, in visibility's order. */
async function jobIds(client: Client, query: string, max: number): Promise<string[]> {
  const found = new Set<string>();
  for await (const execution of client.workflow.list({ query, pageSize: Math.min(max, 1000) })) {
    found.add(execution.workflowId);
    if (found.size >= max) break;
  }
  return [...found];
}

/**
 * The dead letters of a window: the jobs with a run that failed or timed out in it and whose latest run did
 * too, each once, up to `max`. A retry is a new run under the same id: a job whose latest run is running or
 * has succeeded is already taken care of.
 */
export async function deadLetters(
  client: Client,
  taskQueue: string,
  w: DeadLetterWindow,
  max: number,
): Promise<DeadLetters> {
  const candidates = await jobIds(client, deadRunQuery(taskQueue, w), 100_000);
  // Most candidates are dead letters: check their latest runs `max` at a time, and stop past `max`.
  const dead: WorkflowExecutionInfo[] = [];
  for (let i = 0; i < candidates.length && dead.length <= max; i += max) {
    const chunk = candidates.slice(i, i + max);
    const latest = await latestRuns(client, chunk);
    for (const id of chunk) {
      const run = latest.get(id);
      if (run && RETRYABLE_STATUSES.has(run.status.name)) dead.push(run);
    }
  }
  return { runs: dead.slice(0, max), truncated: dead.length > max };
}
