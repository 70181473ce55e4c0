import { createHash } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { type RetriedJob, retryJob } from './retry-job';

/** The most failed jobs one replay starts; a larger window is replayed in several rounds. */
export const MAX_REPLAY = 500;

export interface ReplayWindow {
  kind?: string;
  since: Date;
  until: Date;
}

export interface ReplayPlan {
  ids: string[];
  /** More failed jobs match than one replay starts. */
  truncated: boolean;
  /** Binds a confirmation to exactly this list: if the list changes, the token no longer matches. */
  confirm: string;
}

export class StaleReplayTokenError extends Error {}

const iso = (d: Date): string => `'${d.toISOString()}'`;

/** Distinct job ids matching a visibility query, up to `max`. */
async function jobIds(client: Client, query: string, max: number): Promise<Set<string>> {
  const found = new Set<string>();
  for await (const execution of client.workflow.list({ query, pageSize: Math.min(max, 1000) })) {
    found.add(execution.workflowId);
    if (found.size >= max) break;
  }
  return found;
}

/**
 * The jobs whose run failed in the window and that have not run again since (dry run). A retry is a
 * new run under the same id, so a job with a later run that has not failed is already taken care of.
 */
export async function planReplay(client: Client, taskQueue: string, w: ReplayWindow): Promise<ReplayPlan> {
  const scope = `TaskQueue = '${taskQueue}'${w.kind ? ` AND JobKind = '${w.kind}'` : ''}`;
  const rerun = await jobIds(client, `${scope} AND ExecutionStatus != 'Failed' AND StartTime >= ${iso(w.since)}`, 100_000);
  const failed = [...(await jobIds(client, `${scope} AND ExecutionStatus = 'Failed' AND CloseTime >= ${iso(w.since)} AND CloseTime < ${iso(w.until)}`, 100_000))].filter((id) => !rerun.has(id));
  const ids = failed.slice(0, MAX_REPLAY).sort();
  const confirm = createHash('sha256').update(JSON.stringify([w.kind ?? null, w.since.toISOString(), w.until.toISOString(), ids])).digest('base64url').slice(0, 24);
  return { ids, truncated: failed.length > MAX_REPLAY, confirm };
}

/** Replays the planned jobs if `confirm` still matches the plan; returns what was started and what could not be. */
export async function runReplay(client: Client, taskQueue: string, w: ReplayWindow, confirm: string): Promise<{ started: RetriedJob[]; errors: { id: string; message: string }[] }> {
  const plan = await planReplay(client, taskQueue, w);
  if (plan.confirm !== confirm) throw new StaleReplayTokenError('the confirm token does not match the failed jobs in this window now: run the dry run again');
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
