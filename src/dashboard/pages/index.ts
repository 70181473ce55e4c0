import type { PageDeps } from '../page-deps';
import type { PageRoute } from '../page-route';
import { jobsPages } from './jobs/jobs-page';
import { overviewPages } from './overview/overview-page';

/** Every page behind sign-in, from each view's module. */
export function dashboardPages(deps: PageDeps): PageRoute[] {
  return [...jobsPages(deps), ...overviewPages(deps)];
}
