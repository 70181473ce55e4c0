import type { Client } from '@temporalio/client';
import type { AttemptRecord } from '../../activities/webhooks';
import type { EndpointView } from '../../activities/store';
import type { JobLinkBuilder } from './job-view';
import { listJobs } from './list-jobs';
import { webhookAttempts } from './webhook-attempts';

/** One delivery attempt to an endpoint, with the job it belongs to. */
export interface EndpointAttempt extends AttemptRecord {
  jobId: string;
}

/** How an endpoint has fared over its recent attempts, beside what its row says (disabled, and why). */
export interface DeliveryHealth {
  /** Attempts looked at (the most recent ones, bounded). */
  attempts: number;
  delivered: number;
  /** delivered / attempts, 0 to 1; null without an attempt. */
  successRate: number | null;
  /** The first failed attempt after the last success; null when the latest attempt succeeded (or none was made). */
  failingSince: string | null;
  lastSuccessAt: string | null;
  enabled: boolean;
  disabledAt: string | null;
  disabledReason: EndpointView['disabledReason'];
}

/** Bounds on what an endpoint's page reads: visibility pages of webhook jobs, then each job's attempt log. */
export const RECENT_BOUNDS = { jobs: 20, attempts: 50 } as const;

const time = (at: string): number => Date.parse(at);

/**
 * The health of an endpoint from its recent attempts (any order). When none of them succeeded, the failure run
 * may have begun before the window: the row's `failingSince` (kept by the worker after every attempt) says when.
 */
export function deliveryHealth(
  endpoint: EndpointView,
  attempts: readonly Pick<AttemptRecord, 'at' | 'outcome'>[],
): DeliveryHealth {
  const ordered = [...attempts].sort((a, b) => time(a.at) - time(b.at));
  const delivered = ordered.filter((a) => a.outcome === 'delivered');
  const lastSuccess = delivered.at(-1);
  const failuresAfter = ordered.filter(
    (a) => a.outcome !== 'delivered' && (!lastSuccess || time(a.at) > time(lastSuccess.at)),
  );
  let failingSince = failuresAfter[0]?.at ?? null;
  if (failingSince && !lastSuccess && endpoint.failingSince && time(endpoint.failingSince) < time(failingSince))
    failingSince = endpoint.failingSince;
  return {
    attempts: ordered.length,
    delivered: delivered.length,
    successRate: ordered.length ? delivered.length / ordered.length : null,
    failingSince,
    lastSuccessAt: lastSuccess?.at ?? null,
    enabled: endpoint.enabled,
    disabledAt: endpoint.disabledAt,
    disabledReason: endpoint.disabledReason,
  };
}

/**
 * The most recent attempts to an endpoint, newest first: its latest webhook jobs from visibility (running ones first,
 * then the most recently closed), and the attempt log of each.
 */
export async function recentEndpointAttempts(
  client: Client,
  taskQueue: string,
  endpointId: string,
  links: JobLinkBuilder,
  bounds: { jobs: number; attempts: number } = RECENT_BOUNDS,
): Promise<EndpointAttempt[]> {
  const { jobs } = await listJobs(client, taskQueue, { kind: 'webhook', endpointId }, { limit: bounds.jobs }, links);
  const logs = await Promise.all(
    jobs.map(async (job) => (await webhookAttempts(client, job.id)).map((a) => ({ ...a, jobId: job.id }))),
  );
  return logs
    .flat()
    .sort((a, b) => time(b.at) - time(a.at))
    .slice(0, bounds.attempts);
}
