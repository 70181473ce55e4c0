import type { EndpointAttempt } from '../../../jobs/endpoint-health';
import { formatDuration, Time } from '../../components/time';
import { jobPath } from '../../links';

const COLUMNS = ['When', 'Job', 'Attempt', 'Outcome', 'HTTP', 'Latency', 'Error or response'] as const;

/** An endpoint's recent delivery attempts, newest first, each linking to its job. */
export function EndpointAttempts({ attempts }: { attempts: readonly EndpointAttempt[] }) {
  return (
    <table class="endpoint-attempts">
      <thead>
        <tr>
          {COLUMNS.map((name) => (
            <th class={name === 'Latency' || name === 'HTTP' ? 'num' : undefined}>{name}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {attempts.length === 0 && (
          <tr>
            <td colSpan={COLUMNS.length} class="muted">
              No delivery attempts yet.
            </td>
          </tr>
        )}
        {attempts.map((a) => (
          <tr data-job-id={a.jobId} data-outcome={a.outcome}>
            <td>
              <Time at={a.at} />
            </td>
            <td>
              <a href={jobPath(a.jobId)} class="mono">
                {a.jobId}
              </a>
            </td>
            <td class="num">{a.attempt}</td>
            <td>
              <span class={`status outcome-${a.outcome}`}>{a.outcome}</span>
            </td>
            <td class="num">{a.statusCode ?? '—'}</td>
            <td class="num">{formatDuration(a.latencyMs)}</td>
            <td class="attempt-detail">{a.error ?? a.responseSnippet ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
