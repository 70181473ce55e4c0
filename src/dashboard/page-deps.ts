import type { Client } from '@temporalio/client';
import type { JobLinkBuilder } from '../jobs/job-view';
import type { Store } from '../store/open-store';

/** What the pages read through: the same domain modules and store the API's routes use, never a copy of job state. */
export interface PageDeps {
  client: Client;
  taskQueue: string;
  links: JobLinkBuilder;
  store: Store;
}
