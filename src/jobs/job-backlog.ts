import type { Client } from '@temporalio/client';
import { JOB_SCHEDULED_FOR } from '../../workflows/shared/search-attributes';
import { inParallel } from '../in-parallel';
import { countJobs } from './count-jobs';
import { jobScope, reportedPhaseClause, undecidedPhaseClause } from './job-query';
import { describeJob, type JobLinkBuilder } from './job-view';

/** At most this many open jobs are described to tell queued, running and retrying apart. */
export const BACKLOG_DESCRIBE_CAP = 200;
const DESCRIBES_AT_ONCE = 8;

export interface Backlog {
  /** Waiting for their time (an email's sendAt, a delay): visibility counts them exactly. */
  scheduled: number;
  queued: number;
  running: number;
  retrying: number;
  /** True when more open jobs were due than were described: queued, running and retrying are then lower bounds. */
  capped: boolean;
}

/**
 * The jobs still to be done. Visibility counts the scheduled ones, and by JobPhase the queued ones no worker has
 * taken yet and the retrying ones. The open jobs whose status only a describe tells (undecidedPhaseClause: an
 * attempt handed to the workers waits queued until one starts it; runs that report no phase) are described as
 * GET /v1/jobs/:id would, the most recent first, up to `cap` of them.
 */
export async function jobBacklog(
  client: Client,
  taskQueue: string,
  links: JobLinkBuilder,
  now: Date,
  cap = BACKLOG_DESCRIBE_CAP,
): Promise<Backlog> {
  const open = [...jobScope(taskQueue), `ExecutionStatus = 'Running'`];
  const count = async (clause: string) => (await client.workflow.count([...open, clause].join(' AND '))).count;
  const counted = Promise.all([
    countJobs(client, taskQueue, { status: 'scheduled' }, now),
    count(reportedPhaseClause('queued')),
    count(reportedPhaseClause('retrying')),
  ]);
  const due: string[] = [];
  let capped = false;
  for await (const run of client.workflow.list({ query: [...open, undecidedPhaseClause(now)].join(' AND ') })) {
    const scheduledFor = run.typedSearchAttributes.get(JOB_SCHEDULED_FOR);
    if (scheduledFor && scheduledFor > now) continue;
    if (due.length === cap) {
      capped = true;
      break;
    }
    due.push(run.workflowId);
  }
  const statuses = await inParallel(
    due,
    DESCRIBES_AT_ONCE,
    async (id) => (await describeJob(client, id, links)).status,
  );
  const tally = (status: string) => statuses.filter((s) => s === status).length;
  const [scheduled, queued, retrying] = await counted;
  return {
    scheduled: scheduled.total,
    queued: queued + tally('queued'),
    running: tally('running'),
    retrying: retrying + tally('retrying'),
    capped,
  };
}
