import type { JobStatus } from '../../jobs/job-status';

export function StatusBadge({ status }: { status: JobStatus | string }) {
  return <span class={`status status-${status}`}>{status.replace('_', ' ')}</span>;
}
