import { type Backlog, jobBacklog } from '../../../jobs/job-backlog';
import { countJobs, type JobCounts } from '../../../jobs/count-jobs';
import { inParallel } from '../../../in-parallel';
import type { JobStatus } from '../../../jobs/job-status';
import { JOB_KINDS } from '../../../kinds';
import type { PageDeps } from '../../page-deps';
import { hourBuckets, spanOf, type TimeSpan } from './hour-buckets';

export const WINDOW_HOURS = 24;
// Visibility counts are cheap, but ~30 of them per page view should not crowd out the jobs' own calls.
const COUNTS_AT_ONCE = 6;

export interface KindCounts {
  kind: string;
  counts: JobCounts;
}

export interface HourCounts extends TimeSpan {
  counts: JobCounts;
}

export interface Overview {
  /** The last WINDOW_HOURS hours up to the moment the page was read. */
  window: TimeSpan;
  kinds: KindCounts[];
  hours: HourCounts[];
  backlog: Backlog;
}

/** Everything the overview shows, read at one instant so every number and the list it links to agree. */
export async function loadOverview(deps: PageDeps, now = new Date()): Promise<Overview> {
  const buckets = hourBuckets(now, WINDOW_HOURS);
  const window = spanOf(buckets);
  // One pool for the per-kind and per-hour counts, so COUNTS_AT_ONCE bounds them all.
  const queries = [
    ...JOB_KINDS.map((k) => ({ kind: k.name, span: window })),
    ...buckets.map((span) => ({ kind: undefined, span })),
  ];
  const [counts, backlog] = await Promise.all([
    inParallel(queries, COUNTS_AT_ONCE, ({ kind, span }) =>
      countJobs(deps.client, deps.taskQueue, { kind, since: span.since, until: span.until }, now),
    ),
    jobBacklog(deps.client, deps.taskQueue, deps.links, now),
  ]);
  const kinds = JOB_KINDS.map((k, n) => ({ kind: k.name, counts: counts[n]! }));
  const hours = buckets.map((span, n) => ({ ...span, counts: counts[JOB_KINDS.length + n]! }));
  return { window, kinds, hours, backlog };
}

/** The counts of several kinds added up. */
export function totalOf(kinds: readonly KindCounts[]): JobCounts {
  const total: JobCounts = { total: 0, open: 0, closed: {} };
  for (const { counts } of kinds) {
    total.total += counts.total;
    total.open += counts.open;
    for (const status of Object.keys(counts.closed) as JobStatus[])
      total.closed[status] = (total.closed[status] ?? 0) + (counts.closed[status] ?? 0);
  }
  return total;
}
