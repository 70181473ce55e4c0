import type { TimelineAttempt } from '../../../jobs/attempt-timeline';
import { formatDuration, Time } from '../../components/time';

interface AttemptTableProps {
  attempts: readonly TimelineAttempt[];
  kind: string;
  /** The number of an attempt under way that no log has yet (the job counts it: an async task's open attempt). */
  underWay?: number;
}

// A webhook attempt's `retry` says the failure was retryable, not that another attempt followed: the last one of an
// exhausted ladder has it too.
const outcomeLabel = (outcome: string): string =>
  outcome === 'retry' ? 'failed (retryable)' : outcome.replace('_', ' ');

/** The attempt timeline: each attempt's time, outcome, SMTP or HTTP code, error and what the server answered. */
export function AttemptTable({ attempts, kind, underWay }: AttemptTableProps) {
  if (!attempts.length && !underWay) return <p class="muted">No attempt recorded yet.</p>;
  return (
    <table class="attempts">
      <thead>
        <tr>
          <th class="num">Attempt</th>
          <th>Started</th>
          <th>Outcome</th>
          <th>{kind === 'email' ? 'SMTP code' : 'HTTP code'}</th>
          <th class="num">Took</th>
          <th>Error or reply</th>
        </tr>
      </thead>
      <tbody>
        {attempts.map((a) => (
          <tr data-attempt={a.attempt} data-outcome={a.outcome}>
            <td class="num">{a.attempt}</td>
            <td>
              <Time at={a.at} />
            </td>
            <td>{outcomeLabel(a.outcome)}</td>
            <td class="mono">{a.statusCode ?? '—'}</td>
            <td class="num">{formatDuration(a.latencyMs)}</td>
            <td class="attempt-detail">
              {a.error && <span class="error">{a.error}</span>}
              {a.response && <span class="muted mono">{a.response}</span>}
            </td>
          </tr>
        ))}
        {underWay && (
          <tr data-attempt={underWay} data-outcome="running">
            <td class="num">{underWay}</td>
            <td colSpan={5} class="muted">
              under way
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}
