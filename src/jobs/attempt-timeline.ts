import type { Client } from '@temporalio/client';
import { findKind } from '../kinds';
import { historyAttemptLog } from './history-attempts';
import type { Job } from './job-view';
import { ATTEMPT_LOOP_QUERY_TIMEOUT_MS } from './own-attempts';
import { webhookAttempts } from './webhook-attempts';

/** One attempt for a timeline: the fields the attempt logs of every kind share. */
export interface TimelineAttempt {
  attempt: number;
  at?: string;
  outcome: string;
  statusCode?: string | number;
  error?: string;
  latencyMs?: number;
  /** What the server answered: an SMTP reply, the start of an HTTP response body. */
  response?: string;
}

/**
 * Every attempt of a job that can be known: the job's own attempt log (webhooks, tasks, as GET /v1/jobs/:id has
 * it); a webhook's from GET /v1/webhooks/:id/attempts where the job view has none (a cancelled delivery); else the
 * last attempt of each of its kind's attempt activities, from its history (an email's SMTP reply).
 */
export async function attemptTimeline(client: Client, job: Job): Promise<TimelineAttempt[]> {
  if (job.attemptLog) return job.attemptLog.map(fromLog);
  const kind = findKind(job.kind);
  if (kind?.name === 'webhook') {
    // A query needs a worker: with none answering in time, no log rather than a page that waits.
    const log = await client
      .withDeadline(Date.now() + ATTEMPT_LOOP_QUERY_TIMEOUT_MS, () => webhookAttempts(client, job.id))
      .catch(() => []);
    return log.map(fromLog);
  }
  const activities = kind?.attemptActivities ?? [];
  if (!activities.length) return [];
  return historyAttemptLog(client, job.id, activities);
}

function fromLog(entry: unknown): TimelineAttempt {
  const r = entry as Record<string, unknown>;
  return {
    attempt: typeof r.attempt === 'number' ? r.attempt : 0,
    ...(typeof r.at === 'string' ? { at: r.at } : {}),
    outcome: typeof r.outcome === 'string' ? r.outcome : 'unknown',
    ...(typeof r.statusCode === 'number' ? { statusCode: r.statusCode } : {}),
    ...(typeof r.error === 'string' ? { error: r.error } : {}),
    ...(typeof r.latencyMs === 'number' ? { latencyMs: r.latencyMs } : {}),
    ...(typeof r.responseSnippet === 'string' ? { response: r.responseSnippet } : {}),
  };
}
