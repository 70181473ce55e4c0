import type { ScheduleView } from '../../../schedules/describe-schedule';
import { FIRES_WITHOUT_RUN_LIMIT } from '../../../schedules/fires-without-run';
import { StatusBadge } from '../../components/status-badge';
import { Time } from '../../components/time';
import { jobPath } from '../../links';
import { inputSummary } from '../jobs/input-summary';

/** How the schedule fires, in the words of its definition: `cron 0 9 * * 1-5` or `every 5m (offset 30s)`. */
export function specText(s: Pick<ScheduleView, 'cron' | 'every' | 'offset'>): string {
  if (s.cron !== undefined) return `cron ${s.cron}`;
  return `every ${s.every}${s.offset ? ` (offset ${s.offset})` : ''}`;
}

/** Who keeps the schedule: made through the API, or kept by the schedules file (which puts back edits). */
export const managedByText = (managedBy: unknown): string =>
  managedBy === 'schedules-file' ? 'the schedules file' : managedBy === 'api' ? 'the API' : '—';

export const scheduleState = (s: { paused: boolean }): string => (s.paused ? 'paused' : 'active');

/** What the schedule is and does: its definition, state and note. */
export function ScheduleFacts({ schedule: s }: { schedule: ScheduleView }) {
  return (
    <dl class="facts panel">
      <dt>State</dt>
      <dd>
        <StatusBadge status={scheduleState(s)} />
      </dd>
      <dt>Note</dt>
      <dd class="schedule-note">{s.note || <span class="muted">—</span>}</dd>
      <dt>Fires</dt>
      <dd class="mono">{specText(s)}</dd>
      <dt>Time zone</dt>
      <dd>{s.timezone}</dd>
      <dt>Job</dt>
      <dd>
        {s.job.kind} <span class="muted">{inputSummary(s.job.input)}</span>
      </dd>
      <dt>Overlap</dt>
      <dd>{s.overlap}</dd>
      <dt>Catch-up window</dt>
      <dd>{s.catchupWindow}</dd>
      <dt>Jitter</dt>
      <dd>{s.jitter}</dd>
      <dt>Between</dt>
      <dd>
        <Time at={s.startAt} /> – <Time at={s.endAt} />
      </dd>
      <dt>Managed by</dt>
      <dd>{managedByText(s.managedBy)}</dd>
      <dt>Created</dt>
      <dd>
        <Time at={s.createdAt} />
      </dd>
      <dt>Updated</dt>
      <dd>
        <Time at={s.updatedAt} />
      </dd>
    </dl>
  );
}

export function NextFires({ times, paused }: { times: readonly string[]; paused: boolean }) {
  if (!times.length) return <p class="muted">No fire is due: the spec ends before the next one.</p>;
  return (
    <>
      {paused && <p class="muted">Paused: each of these starts a job only if the schedule is unpaused by then.</p>}
      <ol class="next-fires">
        {times.map((t) => (
          <li>
            <Time at={t} />
          </li>
        ))}
      </ol>
    </>
  );
}

/** The runs Temporal remembers (its last ten), newest first, each a link to its job's page. */
export function RecentRuns({ schedule: s }: { schedule: ScheduleView }) {
  if (!s.recentRuns.length) return <p class="muted">No run yet.</p>;
  const running = new Set(s.runningJobs);
  return (
    <table class="schedule-runs">
      <thead>
        <tr>
          <th>Scheduled for</th>
          <th>Started</th>
          <th>Job</th>
          <th>Temporal</th>
        </tr>
      </thead>
      <tbody>
        {s.recentRuns.map((run) => (
          <tr data-job-id={run.jobId}>
            <td>
              <Time at={run.scheduledAt} />
            </td>
            <td>
              <Time at={run.startedAt} />
            </td>
            <td>
              <a href={jobPath(run.jobId)} class="mono">
                {run.jobId}
              </a>{' '}
              {running.has(run.jobId) && <StatusBadge status="running" />}
            </td>
            <td>
              <a href={run.links.temporalUi} target="_blank" rel="noopener noreferrer">
                history ↗
              </a>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Fires that started no job: Temporal's counts, and the times this side can tell from the runs it lists. */
export function FiresWithoutRun({ schedule: s }: { schedule: ScheduleView }) {
  const { skippedOverlap, missedCatchupWindow, withoutRun } = s.fires;
  return (
    <>
      <p>
        Temporal counts <strong class="num">{skippedOverlap}</strong> skipped because a run was still going and{' '}
        <strong class="num">{missedCatchupWindow}</strong> missed past the catch-up window, of{' '}
        <strong class="num">{s.fires.taken}</strong> taken in all.
      </p>
      <p class="muted">
        The times below are the fires due between the oldest and newest runs listed above that started no job (skipped,
        missed, or while paused), newest first, at most {FIRES_WITHOUT_RUN_LIMIT}.
      </p>
      {withoutRun.length ? (
        <ul class="fires-without-run">
          {withoutRun.map((t) => (
            <li>
              <Time at={t} />
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">Every fire between those runs started a job.</p>
      )}
    </>
  );
}

/** What changes as the schedule fires: the page renders it, and its live stream sends it again. */
export function ScheduleActivity({ schedule }: { schedule: ScheduleView }) {
  return (
    <>
      <h2>Next fires</h2>
      <NextFires times={schedule.nextRuns} paused={schedule.paused} />
      <h2>Recent runs</h2>
      <RecentRuns schedule={schedule} />
      <h2>Fires that started no job</h2>
      <FiresWithoutRun schedule={schedule} />
    </>
  );
}
