import type { JobSummary } from '../../../jobs/list-jobs';
import { StatusBadge } from '../../components/status-badge';
import { formatDuration, Time } from '../../components/time';
import { jobPath } from '../../links';

/** The rows of a job table: the page renders them, and the live stream sends them again as jobs change. */
export function JobRows({ jobs }: { jobs: readonly JobSummary[] }) {
  if (!jobs.length)
    return (
      <tr>
        <td colSpan={6} class="muted">
          No jobs match.
        </td>
      </tr>
    );
  return (
    <>
      {jobs.map((job) => (
        <tr data-job-id={job.id}>
          <td>
            <a href={jobPath(job.id)} class="mono">
              {job.id}
            </a>
          </td>
          <td>{job.kind}</td>
          <td>
            <StatusBadge status={job.status} />
          </td>
          <td>
            <Time at={job.createdAt} />
          </td>
          <td class="num">{formatDuration(job.durationMs)}</td>
          <td>{job.tags.join(', ')}</td>
        </tr>
      ))}
    </>
  );
}
