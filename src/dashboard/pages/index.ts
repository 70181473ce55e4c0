import type { PageDeps } from '../page-deps';
import type { PageRoute } from '../page-route';
import { jobPages } from './job/job-page';
import { jobsPages } from './jobs/jobs-page';

/** Every page behind sign-in, from each view's module. */
export function dashboardPages(deps: PageDeps): PageRoute[] {
  return [...jobsPages(deps), ...jobPages(deps)];
}
