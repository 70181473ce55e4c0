import type { Context } from 'koa';
import { InvalidCursorError } from '../../../jobs/list-cursor';
import { type JobPage, listJobs } from '../../../jobs/list-jobs';
import { JOB_KINDS } from '../../../kinds';
import { describeFieldErrors, type FieldError } from '../../../validation/field-errors';
import { Layout } from '../../layout';
import { withQuery } from '../../links';
import { streamFragments } from '../../live-stream';
import type { PageDeps } from '../../page-deps';
import type { PageRoute } from '../../page-route';
import { html, sendPage } from '../../render';
import type { ViewContext } from '../../view-context';
import { type FilterChoices, FilterErrors, JobFilters } from './job-filters';
import { JobRows, JobTable } from './job-rows';
import { filtersQuery, type JobsQuery, parseJobsQuery } from './jobs-query';

export const JOBS_PATH = '/dashboard/jobs';
const STREAM_PATH = `${JOBS_PATH}/stream`;

type ValidQuery = Extract<JobsQuery, { ok: true }>;

/**
 * /dashboard/jobs: GET /v1/jobs as a filtered table, paged by the API's cursors; its first page stays current
 * over Server-Sent Events from /dashboard/jobs/stream (the same query, the rows re-rendered every second).
 */
export function jobsPages(deps: PageDeps): PageRoute[] {
  const list = (q: ValidQuery): Promise<JobPage> =>
    listJobs(deps.client, deps.taskQueue, q.filters, { limit: q.limit, cursor: q.cursor }, deps.links);
  const choices = async (): Promise<FilterChoices> => ({
    kinds: JOB_KINDS.map((k) => k.name),
    taskTypes: (await deps.store.taskTypes.list()).map((t) => t.name),
  });

  return [
    {
      path: '/jobs',
      scopes: ['jobs:read'],
      async handler(ctx, view) {
        const query = parseJobsQuery(ctx.query);
        if (!query.ok) return sendJobsPage(ctx, view, { choices: await choices(), query, errors: query.errors });
        let page: JobPage;
        try {
          page = await list(query);
        } catch (err) {
          // A cursor of another listing (the filters changed under it) is a bad field like any other.
          if (!(err instanceof InvalidCursorError)) throw err;
          return sendJobsPage(ctx, view, { choices: await choices(), query, errors: [cursorError(err)] });
        }
        sendJobsPage(ctx, view, { choices: await choices(), query, page });
      },
    },
    {
      path: '/jobs/stream',
      scopes: ['jobs:read'],
      async handler(ctx) {
        const query = parseJobsQuery(ctx.query);
        // Only a first page is live: a later one would shift under its cursor as jobs arrive.
        if (!query.ok || query.cursor) {
          ctx.status = 400;
          ctx.type = 'text/plain';
          ctx.body = query.ok
            ? 'only the first page of jobs is live: leave out cursor'
            : describeFieldErrors(query.errors);
          return;
        }
        streamFragments(ctx, async () => html(<JobRows jobs={(await list(query)).jobs} />), { intervalMs: 1000 });
      },
    },
  ];
}

const cursorError = (err: InvalidCursorError): FieldError => ({ field: 'cursor', message: err.message, in: 'query' });

interface JobsPageState {
  choices: FilterChoices;
  query: JobsQuery;
  page?: JobPage;
  errors?: readonly FieldError[];
}

function sendJobsPage(ctx: Context, view: ViewContext, state: JobsPageState): void {
  const errors = state.errors ?? [];
  sendPage(
    ctx,
    <Layout title="Jobs" active="jobs" view={view}>
      <JobFilters form={state.query.form} choices={state.choices} errors={errors} />
      {errors.length > 0 && <FilterErrors errors={errors} />}
      {state.page && state.query.ok && <JobListing page={state.page} query={state.query} />}
    </Layout>,
    errors.length ? 400 : 200,
  );
}

function JobListing({ page, query }: { page: JobPage; query: ValidQuery }) {
  const filters = filtersQuery(query.filters, query.limit);
  const firstPage = query.cursor === undefined;
  return (
    <>
      <p class="listing-note muted">
        {firstPage
          ? 'This page updates live as jobs start and change state.'
          : 'A later page does not update live; the first page does.'}
      </p>
      <JobTable jobs={page.jobs} live={firstPage ? withQuery(STREAM_PATH, filters) : undefined} />
      <nav class="pager" aria-label="Pages">
        {!firstPage && <a href={withQuery(JOBS_PATH, filters)}>First page</a>}
        {page.nextCursor ? (
          <a href={withQuery(JOBS_PATH, { ...filters, cursor: page.nextCursor })} rel="next">
            Next page
          </a>
        ) : (
          <span class="muted">Last page</span>
        )}
      </nav>
    </>
  );
}
