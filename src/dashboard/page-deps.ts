import type { Client } from '@temporalio/client';
import type { JobLinkBuilder } from '../jobs/job-view';
import type { KindDeps } from '../kinds/kind';
import type { Store } from '../store/open-store';

/**
 * What the pages read through: the same domain modules and store the API's routes use, never a copy of job state;
 * the kinds' settings, to read a schedule's job back as the API shows it.
 */
export interface PageDeps extends KindDeps {
  client: Client;
  taskQueue: string;
  links: JobLinkBuilder;
  store: Store;
}
