import type { PageDeps } from '../page-deps';
import type { PageRoute } from '../page-route';
import { auditPages } from './audit/audit-page';
import { deadLettersPages } from './dead-letters/dead-letters-page';
import { endpointsPages } from './endpoints/endpoints-page';
import { jobPages } from './job/job-page';
import { jobsPages } from './jobs/jobs-page';
import { overviewPages } from './overview/overview-page';
import { schedulesPages } from './schedules/schedules-page';
import { taskTypesPages } from './task-types/task-types-page';

/** Every page behind sign-in, from each view's module. */
export function dashboardPages(deps: PageDeps): PageRoute[] {
  return [
    ...jobsPages(deps),
    ...jobPages(deps),
    ...overviewPages(deps),
    ...deadLettersPages(deps),
    ...schedulesPages(deps),
    ...endpointsPages(deps),
    ...auditPages(deps),
    ...taskTypesPages(deps),
  ];
}
