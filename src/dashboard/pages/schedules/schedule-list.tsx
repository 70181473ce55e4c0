import type { SchedulePage } from '../../../schedules/list-schedules';
import { StatusBadge } from '../../components/status-badge';
import { Time } from '../../components/time';
import { jobPath } from '../../links';
import { managedByText, scheduleState } from './schedule-detail';
import { schedulePath } from './schedule-paths';

/** GET /v1/schedules as a table: each schedule's state and note, its next fire, its last run's job. */
export function ScheduleTable({ schedules }: { schedules: SchedulePage['schedules'] }) {
  return (
    <table class="schedules">
      <thead>
        <tr>
          <th>Schedule</th>
          <th>State</th>
          <th>Note</th>
          <th>Next fire</th>
          <th>Last run</th>
          <th>Managed by</th>
        </tr>
      </thead>
      <tbody>
        {schedules.length === 0 && (
          <tr>
            <td colSpan={6} class="muted">
              No schedules on this page.
            </td>
          </tr>
        )}
        {schedules.map((s) => (
          <tr data-schedule-id={s.id}>
            <td>
              <a href={schedulePath(s.id)} class="mono">
                {s.id}
              </a>
            </td>
            <td>
              <StatusBadge status={scheduleState(s)} />
            </td>
            <td class="schedule-note">{s.note}</td>
            <td>
              <Time at={s.nextRuns[0]} />
            </td>
            <td>
              {s.lastRun ? (
                <a href={jobPath(s.lastRun.jobId)}>
                  <Time at={s.lastRun.scheduledAt} />
                </a>
              ) : (
                <span class="muted">—</span>
              )}
            </td>
            <td>{managedByText(s.managedBy)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
