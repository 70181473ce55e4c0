import type { Client } from '@temporalio/client';
import { type TimelineAttempt, attemptTimeline } from '../../../jobs/attempt-timeline';
import { isInternalWorkflowId } from '../../../jobs/internal-workflows';
import { describeJob, type Job, type JobLinkBuilder } from '../../../jobs/job-view';
import { NotFoundError } from '../../../http/errors';
import { Layout } from '../../layout';
import { jobPath } from '../../links';
import { streamFragments } from '../../live-stream';
import type { PageDeps } from '../../page-deps';
import type { PageRoute } from '../../page-route';
import { html, sendPage } from '../../render';
import type { ViewContext } from '../../view-context';
import { JobDetails } from './job-details';
import { temporalCli } from './temporal-cli';

interface JobState {
  job: Job;
  attempts: TimelineAttempt[];
}

/** The job as GET /v1/jobs/:id answers it (an internal workflow's id names no job), and its attempt timeline. */
async function readJob(client: Client, links: JobLinkBuilder, id: string): Promise<JobState> {
  if (isInternalWorkflowId(id)) throw new NotFoundError(`no job with id ${id}`);
  const job = await describeJob(client, id, links);
  return { job, attempts: await attemptTimeline(client, job) };
}

/**
 * /dashboard/jobs/:id: one job, its attempts, progress or steps and the controls its kind and state allow; while it
 * is open, the details stay current over Server-Sent Events from /dashboard/jobs/:id/stream.
 */
export function jobPages(deps: PageDeps): PageRoute[] {
  const read = (id: string) => readJob(deps.client, deps.links, id);
  return [
    {
      path: '/jobs/:id/stream',
      scopes: ['jobs:read'],
      async handler(ctx, view) {
        const id = ctx.params.id!;
        // An unknown job is a 404 before the stream starts: the browser's EventSource gives up instead of retrying.
        await read(id);
        streamFragments(ctx, async () => html(<JobDetails {...await read(id)} view={view} />), { intervalMs: 1000 });
      },
    },
    {
      path: '/jobs/:id',
      scopes: ['jobs:read'],
      async handler(ctx, view) {
        const state = await read(ctx.params.id!);
        sendPage(
          ctx,
          <Layout title={`Job ${state.job.id}`} active="jobs" view={view}>
            <JobPage state={state} view={view} />
          </Layout>,
        );
      },
    },
  ];
}

function JobPage({ state, view }: { state: JobState; view: ViewContext }) {
  const { job } = state;
  const open = job.closedAt === null;
  return (
    <>
      <p class="listing-note muted">{open ? 'This page updates live while the job is open.' : 'The job has closed.'}</p>
      <div data-live={open ? `${jobPath(job.id)}/stream` : undefined}>
        <JobDetails {...state} view={view} />
      </div>
      <section class="panel job-temporal" aria-label="In Temporal">
        <h2>In Temporal</h2>
        <p>
          <a class="external temporal-ui" href={job.links.temporalUi} target="_blank" rel="noopener noreferrer">
            Open in the Temporal UI ↗
          </a>
        </p>
        <p>
          The same job with the <code>temporal</code> CLI:
        </p>
        <pre>
          <code class="cli cli-describe">{temporalCli(view.namespace, job.id).describe}</code>
        </pre>
      </section>
    </>
  );
}
