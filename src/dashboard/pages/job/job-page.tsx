import type { Client } from '@temporalio/client';
import { type TimelineAttempt, attemptTimeline } from '../../../jobs/attempt-timeline';
import { isInternalWorkflowId } from '../../../jobs/internal-workflows';
import { describeJob, type Job, type JobLinkBuilder } from '../../../jobs/job-view';
import { NotFoundError } from '../../../http/errors';
import { Layout } from '../../layout';
import { jobPath, withQuery } from '../../links';
import { fragmentDigest, streamFragments } from '../../live-stream';
import type { PageDeps } from '../../page-deps';
import type { PageRoute } from '../../page-route';
import { html, sendPage } from '../../render';
import type { ViewContext } from '../../view-context';
import { JobControls } from './job-controls';
import { JobDetails } from './job-details';
import { temporalCli } from './temporal-cli';

interface JobState {
  job: Job;
  attempts: TimelineAttempt[];
}

/** The job as GET /v1/jobs/:id answers it: an internal workflow's id names no job. */
async function findJob(client: Client, links: JobLinkBuilder, id: string): Promise<Job> {
  if (isInternalWorkflowId(id)) throw new NotFoundError(`no job with id ${id}`);
  return describeJob(client, id, links);
}

/** The job and its attempt timeline. */
async function readJob(client: Client, links: JobLinkBuilder, id: string): Promise<JobState> {
  const job = await findJob(client, links, id);
  return { job, attempts: await attemptTimeline(client, job) };
}

/**
 * /dashboard/jobs/:id: one job, its attempts, progress or steps and the controls its kind and state allow; while it
 * is open, the details stay current over Server-Sent Events from /dashboard/jobs/:id/stream.
 *
 * The controls are a live region of their own (/dashboard/jobs/:id/controls/stream) rather than part of the details:
 * the details change every time a task reports progress, and replacing them would wipe a reason being typed. The
 * controls' fragment depends only on the job's kind, status and the key's scopes, and a stream sends a fragment only
 * when it changed (and, told what the page shows, not at the start either), so they are replaced exactly when the set
 * of controls changes (Send now gone once the email went, Retry there once the job failed) and at no other time. A
 * dialog already open is not lost even then: its form's fields were read when it opened. Simpler than live.js keeping
 * focused fields (focus leaves a field as soon as its button or the dialog takes it) and than reloading the page on a
 * status change (which also loses what was typed, and the dialog). It costs one more describe a second per open page.
 */
export function jobPages(deps: PageDeps): PageRoute[] {
  const read = (id: string) => readJob(deps.client, deps.links, id);
  return [
    {
      path: '/jobs/:id/controls/stream',
      scopes: ['jobs:read'],
      async handler(ctx, view) {
        const id = ctx.params.id!;
        await findJob(deps.client, deps.links, id);
        const since = typeof ctx.query.since === 'string' ? ctx.query.since : undefined;
        const render = async () => html(<JobControls job={await findJob(deps.client, deps.links, id)} view={view} />);
        streamFragments(ctx, render, { intervalMs: 1000, since });
      },
    },
    {
      path: '/jobs/:id/stream',
      scopes: ['jobs:read'],
      async handler(ctx) {
        const id = ctx.params.id!;
        // An unknown job is a 404 before the stream starts: the browser's EventSource gives up instead of retrying.
        await read(id);
        streamFragments(ctx, async () => html(<JobDetails {...await read(id)} />), { intervalMs: 1000 });
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
  const controls = <JobControls job={job} view={view} />;
  const controlsStream = withQuery(`${jobPath(job.id)}/controls/stream`, { since: fragmentDigest(html(controls)) });
  return (
    <>
      <p class="listing-note muted">{open ? 'This page updates live while the job is open.' : 'The job has closed.'}</p>
      <div class="job-controls-live" data-live={open ? controlsStream : undefined}>
        {controls}
      </div>
      <div data-live={open ? `${jobPath(job.id)}/stream` : undefined}>
        <JobDetails {...state} />
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
