import { BACKLOG_DESCRIBE_CAP, type Backlog } from '../../../jobs/job-backlog';
import type { JobStatus } from '../../../jobs/job-status';
import { CountLink } from './count-link';

const CARDS: readonly { status: JobStatus & keyof Backlog; label: string; note: string }[] = [
  { status: 'scheduled', label: 'Scheduled', note: 'waiting for their time' },
  { status: 'queued', label: 'Queued', note: 'waiting for a worker' },
  { status: 'running', label: 'Running', note: 'an attempt under way' },
  { status: 'retrying', label: 'Retrying', note: 'an attempt failed, another is due' },
];

/** The jobs not done yet, whenever they started, by where they stand. */
export function BacklogCards({ backlog }: { backlog: Backlog }) {
  return (
    <>
      <div class="cards overview-backlog">
        {CARDS.map(({ status, label, note }) => (
          <div class="card" data-backlog={status}>
            <div class="muted">{label}</div>
            <div class="value">
              <CountLink
                value={backlog[status]}
                filters={{ status }}
                label={status}
                more={backlog.capped && status !== 'scheduled'}
              />
            </div>
            <div class="muted">{note}</div>
          </div>
        ))}
      </div>
      {backlog.capped && (
        <p class="muted backlog-capped">
          More than {BACKLOG_DESCRIBE_CAP} jobs are due: queued, running and retrying count the {BACKLOG_DESCRIBE_CAP}{' '}
          most recent of them.
        </p>
      )}
    </>
  );
}
