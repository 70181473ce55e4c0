import type { JobCounts } from '../../../jobs/count-jobs';
import type { JobStatus } from '../../../jobs/job-status';
import type { TimeSpan } from './hour-buckets';
import { CountLink } from './count-link';
import { type KindCounts, totalOf } from './overview-data';

const CLOSED_COLUMNS: readonly { status: JobStatus; label: string }[] = [
  { status: 'succeeded', label: 'Succeeded' },
  { status: 'failed', label: 'Failed' },
  { status: 'timed_out', label: 'Timed out' },
];

function KindRow({ kind, counts, window }: { kind?: string; counts: JobCounts; window: TimeSpan }) {
  const span = { kind, since: window.since, until: window.until };
  return (
    <tr data-kind={kind ?? 'all'}>
      <th scope="row">{kind ?? 'All kinds'}</th>
      <td class="num">
        <CountLink value={counts.total} filters={span} label="started" />
      </td>
      {CLOSED_COLUMNS.map(({ status }) => (
        <td class="num">
          <CountLink value={counts.closed[status] ?? 0} filters={{ ...span, status }} label={status} />
        </td>
      ))}
    </tr>
  );
}

/** Jobs started in the window, per kind, and how many of them succeeded, failed or timed out. */
export function KindTable({ kinds, window }: { kinds: readonly KindCounts[]; window: TimeSpan }) {
  return (
    <table class="overview-kinds">
      <thead>
        <tr>
          <th scope="col">Kind</th>
          <th scope="col" class="num">
            Started
          </th>
          {CLOSED_COLUMNS.map(({ label }) => (
            <th scope="col" class="num">
              {label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {kinds.map((k) => (
          <KindRow kind={k.kind} counts={k.counts} window={window} />
        ))}
      </tbody>
      <tfoot>
        <KindRow counts={totalOf(kinds)} window={window} />
      </tfoot>
    </table>
  );
}
