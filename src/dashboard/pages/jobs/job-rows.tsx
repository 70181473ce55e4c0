import type { JobSummary } from '../../../jobs/list-jobs';
import { StatusBadge } from '../../components/status-badge';
import { formatDuration, Time } from '../../components/time';
import { jobPath } from '../../links';
import { inputSummary, shortened } from './input-summary';

/** The columns JobRows fills, for a table's head: a view that shows job rows puts this above them. */
export const JOB_COLUMNS = ['Job', 'Kind', 'Status', 'Attempts', 'Created', 'Duration', 'Tags', 'Input'] as const;

/** The rows of a job table: the page renders them, and the live stream sends them again as jobs change. */
export function JobRows({ jobs }: { jobs: readonly JobSummary[] }) {
  if (!jobs.length)
    return (
      <tr>
        <td colSpan={JOB_COLUMNS.length} class="muted">
          No jobs match.
        </td>
      </tr>
    );
  return (
    <>
      {jobs.map((job) => {
        const summary = inputSummary(job.input);
        return (
          <tr data-job-id={job.id} data-status={job.status}>
            <td>
              <a href={jobPath(job.id)} class="mono">
                {job.id}
              </a>
            </td>
            <td>{job.kind}</td>
            <td>
              <StatusBadge status={job.status} />
            </td>
            <td class="num job-attempts" title={job.lastError?.message}>
              {job.attempts}
            </td>
            <td>
              <Time at={job.createdAt} />
            </td>
            <td class="num">{formatDuration(job.durationMs)}</td>
            <td>{job.tags.join(', ')}</td>
            <td class="job-input" title={summary}>
              {shortened(summary)}
            </td>
          </tr>
        );
      })}
    </>
  );
}

/** A whole job table; `live` is the stream path that keeps its rows current (the first page of a listing). */
export function JobTable({ jobs, live }: { jobs: readonly JobSummary[]; live?: string }) {
  return (
    <table class="jobs">
      <thead>
        <tr>
          {JOB_COLUMNS.map((name) => (
            <th class={name === 'Duration' || name === 'Attempts' ? 'num' : undefined}>{name}</th>
          ))}
        </tr>
      </thead>
      <tbody data-live={live}>
        <JobRows jobs={jobs} />
      </tbody>
    </table>
  );
}
