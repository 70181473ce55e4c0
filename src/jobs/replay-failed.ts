import { createHash } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { deadLetters } from './dead-letters';
import { type RetriedJob, retryJob } from './retry-job';

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

/** The dead letters of the window, up to MAX_REPLAY, bound to a confirm token (the dry run). */
export async function planReplay(client: Client, taskQueue: string, w: ReplayWindow): Promise<ReplayPlan> {
  const { runs, truncated } = await deadLetters(client, taskQueue, w, MAX_REPLAY);
  const ids = runs.map((run) => run.workflowId).sort();
  const confirm = createHash('sha256')
    .update(JSON.stringify([w.kind ?? null, w.since.toISOString(), w.until.toISOString(), ids]))
    .digest('base64url')
    .slice(0, 24);
  return { ids, truncated, confirm };
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
