import { listJobs } from '../../../jobs/list-jobs';
import { jobListQuerySchema } from '../../../http/schemas/job-list';
import { Layout } from '../../layout';
import type { PageDeps } from '../../page-deps';
import type { PageRoute } from '../../page-route';
import { sendPage } from '../../render';
import { JobRows } from './job-rows';

/** /dashboard/jobs: the API's job listing (GET /v1/jobs) as a table. */
export function jobsPages(deps: PageDeps): PageRoute[] {
  return [
    {
      path: '/jobs',
      scopes: ['jobs:read'],
      async handler(ctx, view) {
        const { limit, cursor, ...filters } = jobListQuerySchema.parse({});
        const page = await listJobs(deps.client, deps.taskQueue, filters, { limit, cursor }, deps.links);
        sendPage(
          ctx,
          <Layout title="Jobs" active="jobs" view={view}>
            <table>
              <thead>
                <tr>
                  <th>Job</th>
                  <th>Kind</th>
                  <th>Status</th>
                  <th>Created</th>
                  <th class="num">Duration</th>
                  <th>Tags</th>
                </tr>
              </thead>
              <tbody>
                <JobRows jobs={page.jobs} />
              </tbody>
            </table>
          </Layout>,
        );
      },
    },
  ];
}
