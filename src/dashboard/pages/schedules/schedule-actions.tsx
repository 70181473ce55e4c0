import type { ScheduleView } from '../../../schedules/describe-schedule';
import { ApiForm } from '../../components/api-form';
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
        <ApiForm
          action={`${path}/${toggle}`}
          label={label}
          confirm={`${label} schedule ${schedule.id}?`}
          detail={
            schedule.paused
              ? 'It starts jobs again at its next fire; fires missed while paused are not made up.'
              : 'It starts no job until unpaused; fires meanwhile are not made up.'
          }
          doneMessage={schedule.paused ? 'the schedule runs again' : 'the schedule is paused'}
          tone={schedule.paused ? 'primary' : 'danger'}
          fields={
            <label>
              Note
              <input type="text" name="note" maxLength={1000} placeholder={`Why ${toggle}d (optional)`} />
            </label>
          }
        />
      )}
      {view.can(...WRITE.trigger) && (
        <ApiForm
          action={`${path}/trigger`}
          label="Run now"
          actionName="Trigger"
          confirm={`Run schedule ${schedule.id} now?`}
          detail="It starts one job now, besides the fires of its spec."
          doneMessage="a run starts"
        />
      )}
    </div>
  );
}
