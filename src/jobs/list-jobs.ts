import type { Client } from '@temporalio/client';
import { executionInfoFromRaw } from '@temporalio/client/lib/helpers';
import { JOB_KIND, JOB_SCHEDULED_FOR, JOB_TAGS } from '../../workflows/shared/search-attributes';
import { inParallel } from '../in-parallel';
import { nextCursorOf, pageTokenOf } from './list-cursor';
import { type JobFilters, jobListQuery, OPEN_STATUSES } from './job-query';
import { latestRuns } from './latest-runs';
import { describeJob, type Job, type JobLinkBuilder } from './job-view';
import { type JobState, reportedState } from './reported-state';

/** A job as listings show it: what visibility knows, with the attempts and last error of GET /v1/jobs/:id, without results. */
export type JobSummary = Pick<
  Job,
  | 'id'
  | 'kind'
  | 'status'
  | 'createdAt'
  | 'scheduledFor'
  | 'closedAt'
  | 'durationMs'
  | 'attempts'
  | 'lastError'
  | 'nextAttemptAt'
  | 'input'
  | 'links'
> & { tags: string[] };

/** Runs that did not report their phase, described at most this many at a time. */
const DESCRIBES_AT_ONCE = 8;

export interface JobPage {
  jobs: JobSummary[];
  nextCursor: string | null;
}

/**
 * One page of jobs from Temporal visibility, each job once, as its latest run: one visibility list, and one
 * more for the other runs of the closed jobs on the page. A job's status, attempts and last error come from
 * what its workflow reported (the JobPhase search attribute and memo, reportedState); a run that did not say is
 * described, so a page filtered on an open status may hold fewer than `limit` jobs while `nextCursor` still
 * continues the listing.
 */
export async function listJobs(
  client: Client,
  taskQueue: string,
  filters: JobFilters,
  page: { limit: number; cursor?: string },
  links: JobLinkBuilder,
): Promise<JobPage> {
  const now = new Date();
  // `scheduled` compares with now; the cursor must bind to the query without it, or page 2 would never match.
  const query = jobListQuery(taskQueue, filters, now);
  const stableQuery = jobListQuery(taskQueue, filters, new Date(0));
  const nextPageToken = pageTokenOf(stableQuery, page.cursor);
  const response = await client.workflowService.listWorkflowExecutions({
    namespace: client.options.namespace,
    query,
    pageSize: page.limit,
    nextPageToken,
  });
  const converter = client.workflow.options.loadedDataConverter;
  const runs = await Promise.all(
    (response.executions ?? []).map((raw) => executionInfoFromRaw(raw, converter, raw, client.options.namespace)),
  );
  // Visibility lists runs, and a job retried has one per run: keep only each job's latest run, so a job
  // shows once, with the status GET /v1/jobs/:id gives it. An open run is always the latest; a closed one
  // is checked against the other runs of its id. The cursor stays visibility's own page token over the
  // same query, so paging is unchanged; a page may hold fewer than `limit` jobs. A job that runs again
  // while someone pages is missed by that listing: its new run sorts before the cursor.
  const latest = await latestRuns(
    client,
    runs.filter((run) => run.closeTime).map((run) => run.workflowId),
  );
  const infos = runs.filter((run) => !run.closeTime || (latest.get(run.workflowId)?.runId ?? run.runId) === run.runId);
  const jobs = await inParallel(infos, DESCRIBES_AT_ONCE, async (info): Promise<JobSummary> => {
    const scheduledFor = info.typedSearchAttributes.get(JOB_SCHEDULED_FOR);
    const state = reportedState(info, now) ?? described(await describeJob(client, info.workflowId, links));
    return {
      id: info.workflowId,
      kind: info.typedSearchAttributes.get(JOB_KIND) ?? info.type,
      status: state.status,
      createdAt: info.startTime.toISOString(),
      scheduledFor: scheduledFor?.toISOString() ?? null,
      closedAt: info.closeTime?.toISOString() ?? null,
      durationMs: info.closeTime ? info.closeTime.getTime() - info.startTime.getTime() : null,
      attempts: state.attempts,
      lastError: state.lastError,
      ...(state.nextAttemptAt ? { nextAttemptAt: state.nextAttemptAt } : {}),
      tags: info.typedSearchAttributes.get(JOB_TAGS) ?? [],
      input: info.memo?.input ?? null,
      links: { self: links.self(info.workflowId), temporalUi: links.temporalUi(info.workflowId, info.runId) },
    };
  });
  return {
    jobs: filters.status && OPEN_STATUSES.has(filters.status) ? jobs.filter((j) => j.status === filters.status) : jobs,
    nextCursor: nextCursorOf(stableQuery, response.nextPageToken),
  };
}

const described = ({ status, attempts, lastError, nextAttemptAt }: Job): JobState => ({
  status,
  attempts,
  lastError,
  ...(nextAttemptAt ? { nextAttemptAt } : {}),
});
