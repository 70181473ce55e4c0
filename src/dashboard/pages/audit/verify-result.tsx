import { type AuditEvent, cursorAt, type VerifyResult } from '../../../../activities/store';
import { Time } from '../../components/time';
import { withQuery } from '../../links';
import { AUDIT_PATH } from './audit-filters';
import { eventAnchor } from './audit-rows';

/** Where the log shows the event `seq`: its page starts at that row, and the row is the link's target. */
export const eventLink = (seq: number): string =>
  `${withQuery(AUDIT_PATH, { cursor: cursorAt(seq) })}#${eventAnchor(seq)}`;

interface VerifyPanelProps {
  result: VerifyResult;
  /** The row the chain breaks at, as the log holds it (absent when the break names no row, or it is gone). */
  broken?: AuditEvent;
}

/** What walking the chain found: intact with its count and head, or the first row that breaks it and why. */
export function VerifyPanel({ result, broken }: VerifyPanelProps) {
  if (result.intact)
    return (
      <section class="panel verify-result verify-intact" data-intact="true">
        <h2>Intact, {result.count} events</h2>
        {result.head ? (
          <p>
            Every row from the first to the head (seq {result.head.seq}, recorded <Time at={result.head.at} />) follows
            from the one before it. Keep the head <code class="mono">{`${result.head.seq}:${result.head.hash}`}</code>{' '}
            elsewhere: passed later as <code>anchor</code> to GET /v1/audit-events/verify, it shows rows cut from the
            end.
          </p>
        ) : (
          <p class="muted">The log holds no events yet.</p>
        )}
      </section>
    );
  const at = result.brokenAt;
  return (
    <section class="panel verify-result verify-broken" data-intact="false" role="alert">
      <h2>{at ? `Broken at seq ${at.seq}` : 'Broken'}</h2>
      <dl class="facts">
        {at && (
          <>
            <dt>Row</dt>
            <dd>
              seq <span data-broken-seq={at.seq}>{at.seq}</span>, id <span class="mono">{at.id}</span>
            </dd>
            <dt>Time</dt>
            <dd>{broken ? <Time at={broken.at} /> : <span class="muted">the row is gone</span>}</dd>
          </>
        )}
        <dt>What is wrong</dt>
        <dd class="verify-reason">{result.reason}</dd>
        <dt>Verified before it</dt>
        <dd>{result.count} events</dd>
      </dl>
      {broken && (
        <p>
          <a href={eventLink(broken.seq)}>Show this row in the log</a>
        </p>
      )}
    </section>
  );
}
