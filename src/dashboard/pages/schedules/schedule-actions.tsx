import type { ScheduleView } from '../../../schedules/describe-schedule';
import { operationScopes } from '../../operation-scopes';
import type { ViewContext } from '../../view-context';

const WRITE = {
  pause: operationScopes('POST /v1/schedules/:id/pause'),
  unpause: operationScopes('POST /v1/schedules/:id/unpause'),
  trigger: operationScopes('POST /v1/schedules/:id/trigger'),
};

/** True when the key may use at least one of the schedule's buttons. */
export const canControlSchedules = (view: ViewContext): boolean =>
  Object.values(WRITE).some((scopes) => view.can(...scopes));

/**
 * Pause or unpause (with a note the schedule keeps, shown to whoever looks next) and trigger: forms the
 * browser sends to the API after a confirmation; each only for a key the API would let call it.
 */
export function ScheduleActions({ schedule, view }: { schedule: ScheduleView; view: ViewContext }) {
  const path = `/v1/schedules/${encodeURIComponent(schedule.id)}`;
  const toggle = schedule.paused ? 'unpause' : 'pause';
  const label = schedule.paused ? 'Unpause' : 'Pause';
  return (
    <div class="actions" aria-label="Schedule actions">
      {view.can(...WRITE[toggle]) && (
        <form
          data-api
          action={`${path}/${toggle}`}
          method="post"
          data-confirm={`${label} schedule ${schedule.id}?`}
          data-confirm-detail={
            schedule.paused
              ? 'It starts jobs again at its next fire; fires missed while paused are not made up.'
              : 'It starts no job until unpaused; fires meanwhile are not made up.'
          }
          data-confirm-label={label}
          data-label={label}
          data-done-message={schedule.paused ? 'the schedule runs again' : 'the schedule is paused'}
          data-done="reload"
        >
          <label>
            Note
            <input type="text" name="note" maxLength={1000} placeholder={`Why ${toggle}d (optional)`} />
          </label>
          <button type="submit" class={schedule.paused ? 'primary' : 'danger'}>
            {label}
          </button>
        </form>
      )}
      {view.can(...WRITE.trigger) && (
        <form
          data-api
          action={`${path}/trigger`}
          method="post"
          data-confirm={`Run schedule ${schedule.id} now?`}
          data-confirm-detail="It starts one job now, besides the fires of its spec."
          data-confirm-label="Run now"
          data-label="Trigger"
          data-done-message="a run starts"
          data-done="reload"
        >
          <button type="submit">Run now</button>
        </form>
      )}
    </div>
  );
}
