import type { AuditEvent } from '../../../../activities/store';
import { Time } from '../../components/time';
import { withQuery } from '../../links';
import { shortened } from '../jobs/input-summary';
import { AUDIT_PATH } from './audit-filters';

/** The anchor of an event's row, so a link (to where the chain breaks) can point at that row. */
export const eventAnchor = (seq: number): string => `event-${seq}`;

const filterLink = (name: 'actor' | 'action' | 'resource', value: string) => (
  <a href={withQuery(AUDIT_PATH, { [name]: value })} title={`Only events with this ${name}`}>
    {value}
  </a>
);

/**
 * The events, newest first. Actor, action and resource link to the log filtered by them. A detail is the
 * caller's JSON: shown as text in a <pre>, escaped like every other text.
 */
export function AuditTable({ events }: { events: readonly AuditEvent[] }) {
  return (
    <table class="audit">
      <thead>
        <tr>
          <th class="num">Seq</th>
          <th>Time</th>
          <th>Actor</th>
          <th>Action</th>
          <th>Resource</th>
          <th>Detail</th>
        </tr>
      </thead>
      <tbody>
        {events.length === 0 && (
          <tr>
            <td colSpan={6} class="muted">
              No events match.
            </td>
          </tr>
        )}
        {events.map((event) => (
          <tr id={eventAnchor(event.seq)} data-seq={event.seq} data-event-id={event.id}>
            <td class="num mono">{event.seq}</td>
            <td>
              <Time at={event.at} />
            </td>
            <td>{filterLink('actor', event.actor)}</td>
            <td>{filterLink('action', event.action)}</td>
            <td class="audit-resource">{filterLink('resource', event.resource)}</td>
            <td class="audit-detail">
              <Detail detail={event.detail} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Detail({ detail }: { detail: unknown }) {
  if (detail === null) return <span class="muted">—</span>;
  return (
    <details>
      <summary class="mono">{shortened(JSON.stringify(detail), 60)}</summary>
      <pre>{JSON.stringify(detail, null, 2)}</pre>
    </details>
  );
}
