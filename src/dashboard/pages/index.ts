import type { PageDeps } from '../page-deps';
import type { PageRoute } from '../page-route';
import { deadLettersPages } from './dead-letters/dead-letters-page';
import { jobsPages } from './jobs/jobs-page';

/** Every page behind sign-in, from each view's module. */
export function dashboardPages(deps: PageDeps): PageRoute[] {
  return [...jobsPages(deps), ...deadLettersPages(deps)];
}
