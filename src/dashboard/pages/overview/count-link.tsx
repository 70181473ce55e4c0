import type { JobFilters } from '../../../jobs/job-query';
import { withQuery } from '../../links';
import { JOBS_PATH } from '../jobs/jobs-page';
import { DEFAULT_PAGE_SIZE, filtersQuery } from '../jobs/jobs-query';

/** The jobs view filtered to exactly the jobs a number counts. */
export const jobsListPath = (filters: JobFilters): string =>
  withQuery(JOBS_PATH, filtersQuery(filters, DEFAULT_PAGE_SIZE));

interface CountLinkProps {
  value: number;
  filters: JobFilters;
  /** What the number counts, for the link's title and the tests (e.g. "failed"). */
  label: string;
  /** Shown after the number: a lower bound reads "200+". */
  more?: boolean;
}

/** A count that opens the list of the jobs it counts. */
export function CountLink({ value, filters, label, more }: CountLinkProps) {
  return (
    <a
      class={value === 0 ? 'count muted' : 'count'}
      href={jobsListPath(filters)}
      title={`Show the ${label} jobs`}
      data-count={label}
    >
      {more ? `${value}+` : String(value)}
    </a>
  );
}
