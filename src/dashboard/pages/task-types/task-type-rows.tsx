import type { TaskTypeView } from '../../../tasks/task-type-view';
import { Time } from '../../components/time';
import { withQuery } from '../../links';
import { JOBS_PATH } from '../jobs/jobs-page';
import { ChangeTaskType, DeleteTaskType } from './task-type-actions';

/** A task type with what its jobs are doing now (from visibility, so a moment behind). */
export interface TaskTypeRow {
  type: TaskTypeView;
  openJobs: number;
  failedRuns: number;
}

const retryText = ({ retry }: TaskTypeView): string =>
  retry.maxAttempts === 1
    ? '1 attempt'
    : `${retry.maxAttempts} attempts, ${retry.initialInterval} ×${retry.backoffCoefficient} up to ${retry.maximumInterval}`;

const limitsText = (type: TaskTypeView): string =>
  [
    type.concurrency === null ? undefined : `${type.concurrency} at a time`,
    type.ratePerSecond === null ? undefined : `${type.ratePerSecond}/s`,
  ]
    .filter(Boolean)
    .join(' · ') || 'none';

/** What the signed-in key may do to a task type (the scopes of PATCH and DELETE /v1/task-types/:name). */
export interface TaskTypeControls {
  change: boolean;
  delete: boolean;
}

/** The registered task types, with the controls the key may use. */
export function TaskTypeTable({ rows, controls }: { rows: readonly TaskTypeRow[]; controls: TaskTypeControls }) {
  const actions = controls.change || controls.delete;
  return (
    <table class="task-types">
      <thead>
        <tr>
          <th>Name</th>
          <th>URL</th>
          <th>Timeout</th>
          <th>Heartbeat</th>
          <th>Retry</th>
          <th>Limits</th>
          <th>Jobs</th>
          <th>Updated</th>
          {actions && <th>Actions</th>}
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 && (
          <tr>
            <td colSpan={actions ? 9 : 8} class="muted">
              No task types are registered: add one with POST /v1/task-types or the task types file.
            </td>
          </tr>
        )}
        {rows.map(({ type, openJobs, failedRuns }) => (
          <tr data-task-type={type.name}>
            <td>
              <strong class="mono">{type.name}</strong>
              {type.description && <div class="muted task-type-description">{type.description}</div>}
            </td>
            <td class="mono task-type-url">{type.url}</td>
            <td>{type.timeout}</td>
            <td>{type.heartbeatTimeout ?? <span class="muted">none</span>}</td>
            <td>{retryText(type)}</td>
            <td class="task-type-limits">{limitsText(type)}</td>
            <td class="task-type-jobs">
              <a href={withQuery(JOBS_PATH, { taskType: type.name })} data-count="open">
                {openJobs} open
              </a>
              {' · '}
              <a
                href={withQuery(JOBS_PATH, { taskType: type.name, status: 'failed' })}
                data-count="failed"
                title="Runs that failed; a job replayed after failing still counts its failed run"
              >
                {failedRuns} failed
              </a>
            </td>
            <td>
              <Time at={type.updatedAt} />
            </td>
            {actions && (
              <td>
                <div class="task-type-actions">
                  {controls.change && <ChangeTaskType type={type} />}
                  {controls.delete && <DeleteTaskType name={type.name} />}
                </div>
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
