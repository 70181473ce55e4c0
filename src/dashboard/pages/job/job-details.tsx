import type { TimelineAttempt } from '../../../jobs/attempt-timeline';
import type { Job } from '../../../jobs/job-view';
import { StatusBadge } from '../../components/status-badge';
import { formatDuration, Time } from '../../components/time';
import { inputSummary } from '../jobs/input-summary';
import { AttemptTable } from './attempt-table';
import { isStepList, SequenceSteps, TaskProgress } from './job-progress';

const asJson = (value: unknown): string => JSON.stringify(value, null, 2);

/**
 * Everything about the job that changes as it runs but its controls: the page renders it, and its live stream sends
 * it again.
 */
export function JobDetails({ job, attempts }: { job: Job; attempts: TimelineAttempt[] }) {
  const error = job.lastError;
  return (
    <div class="job-details" data-status={job.status}>
      <section class="panel" aria-label="Job">
        <dl class="facts">
          <dt>Status</dt>
          <dd>
            <StatusBadge status={job.status} />
          </dd>
          <dt>Kind</dt>
          <dd>{job.kind}</dd>
          <dt>Created</dt>
          <dd>
            <Time at={job.createdAt} />
          </dd>
          {job.scheduledFor && (
            <>
              <dt>Scheduled for</dt>
              <dd>
                <Time at={job.scheduledFor} />
              </dd>
            </>
          )}
          <dt>Closed</dt>
          <dd>
            <Time at={job.closedAt} />
          </dd>
          <dt>Duration</dt>
          <dd>{formatDuration(job.durationMs)}</dd>
          <dt>Attempts</dt>
          <dd>{job.attempts}</dd>
          {job.nextAttemptAt && (
            <>
              <dt>Next attempt</dt>
              <dd>
                <Time at={job.nextAttemptAt} />
              </dd>
            </>
          )}
          <dt>Input</dt>
          <dd class="job-input">{inputSummary(job.input) || '—'}</dd>
          {job.retryOf && (
            <>
              <dt>Retry of run</dt>
              <dd class="mono">{job.retryOf}</dd>
            </>
          )}
        </dl>
      </section>
      {error && (
        <section class="panel" aria-label="Last error">
          <h2>Last error</h2>
          <p class="error job-error">{error.message}</p>
          <p class="muted">
            {[
              error.type,
              error.code !== undefined ? `code ${error.code}` : '',
              error.nonRetryable ? 'not retryable' : '',
            ]
              .filter(Boolean)
              .join(' · ')}
          </p>
        </section>
      )}
      <section class="panel" aria-label="Attempts">
        <h2>Attempts</h2>
        <AttemptTable
          attempts={attempts}
          kind={job.kind}
          underWay={job.closedAt === null && job.attempts > attempts.length ? job.attempts : undefined}
        />
      </section>
      {job.progress !== undefined &&
        (isStepList(job.progress) ? <SequenceSteps steps={job.progress} /> : <TaskProgress progress={job.progress} />)}
      {job.result !== null && (
        <section class="panel" aria-label="Result">
          <h2>Result</h2>
          <pre class="job-result">{asJson(job.result)}</pre>
        </section>
      )}
      {job.previousRuns.length > 0 && (
        <section class="panel" aria-label="Earlier runs">
          <h2>Earlier runs</h2>
          <ul>
            {job.previousRuns.map((run) => (
              <li class="mono">
                {run.runId} · {run.status} · <Time at={run.startedAt} />
              </li>
            ))}
          </ul>
        </section>
      )}
      {job.rejectedSignals && job.rejectedSignals.length > 0 && (
        <section class="panel" aria-label="Rejected signals">
          <h2>Signals it could not apply</h2>
          <ul>
            {job.rejectedSignals.map((signal) => (
              <li>
                <Time at={signal.at} /> <span class="mono">{signal.name}</span>: {signal.reason}
              </li>
            ))}
          </ul>
        </section>
      )}
      <section class="panel" aria-label="Input">
        <h2>Input summary</h2>
        <pre class="job-input-json">{asJson(job.input)}</pre>
      </section>
    </div>
  );
}
