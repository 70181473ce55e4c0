import { createHash } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { jobScope } from './job-query';
import { latestRuns } from './latest-runs';
import { RETRYABLE_STATUSES, type RetriedJob, retryJob } from './retry-job';

/** The most jobs one replay starts; a larger window is replayed in several rounds. */
export const MAX_REPLAY = 500;

export interface ReplayWindow {
  kind?: string;
  since: Date;
  until: Date;
}

export interface ReplayPlan {
  ids: string[];
  /** More failed or timed-out jobs match than one replay starts. */
  truncated: boolean;
  /** Binds a confirmation to exactly this list: if the list changes, the token no longer matches. */
  confirm: string;
}

export class StaleReplayTokenError extends Error {}

const iso = (d: Date): string => `'${d.toISOString()}'`;

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
 * The jobs with a run that failed or timed out in the window and whose latest run did too (dry run),
 * each once. A retry is a new run under the same id: a job whose latest run is running or has
 * succeeded is already taken care of.
 */
export async function planReplay(client: Client, taskQueue: string, w: ReplayWindow): Promise<ReplayPlan> {
  const query = [
    ...jobScope(taskQueue, w.kind),
    "ExecutionStatus IN ('Failed', 'TimedOut')",
    `CloseTime >= ${iso(w.since)}`,
    `CloseTime < ${iso(w.until)}`,
  ].join(' AND ');
  const candidates = await jobIds(client, query, 100_000);
  // Most candidates are dead letters: check their latest runs a replay's worth at a time, and stop past one.
  const replayable: string[] = [];
  for (let i = 0; i < candidates.length && replayable.length <= MAX_REPLAY; i += MAX_REPLAY) {
    const chunk = candidates.slice(i, i + MAX_REPLAY);
    const latest = await latestRuns(client, chunk);
    replayable.push(...chunk.filter((id) => RETRYABLE_STATUSES.has(latest.get(id)?.status.name ?? '')));
  }
  const ids = replayable.slice(0, MAX_REPLAY).sort();
  const confirm = createHash('sha256')
    .update(JSON.stringify([w.kind ?? null, w.since.toISOString(), w.until.toISOString(), ids]))
    .digest('base64url')
    .slice(0, 24);
  return { ids, truncated: replayable.length > MAX_REPLAY, confirm };
}

/** Replays the planned jobs if `confirm` still matches the plan; returns what was started and what could not be. */
export async function runReplay(
  client: Client,
  taskQueue: string,
  w: ReplayWindow,
  confirm: string,
): Promise<{ started: RetriedJob[]; errors: { id: string; message: string }[] }> {
  const plan = await planReplay(client, taskQueue, w);
  if (plan.confirm !== confirm)
    throw new StaleReplayTokenError(
      'the confirm token does not match the failed or timed-out jobs in this window now: run the dry run again',
    );
  const started: RetriedJob[] = [];
  const errors: { id: string; message: string }[] = [];
  for (const id of plan.ids) {
    await retryJob(client, id).then(
      (job) => started.push(job),
      (err: Error) => errors.push({ id, message: err.message }),
    );
  }
  return { started, errors };
}
