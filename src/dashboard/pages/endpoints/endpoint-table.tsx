import type { EndpointView } from '../../../../activities/store';
import type { DeliveryHealth } from '../../../jobs/endpoint-health';
import { Time } from '../../components/time';
import { endpointPath } from '../../links';
import { EnabledBadge, percent } from './endpoint-health-view';

export interface EndpointRowState {
  endpoint: EndpointView;
  health: DeliveryHealth;
}

export const eventTypesText = (types: string[] | null): string => (types === null ? 'every event' : types.join(', '));

/** Every endpoint with its health: a URL is text (never a link: it may hold a token, or be hostile). */
export function EndpointTable({ rows }: { rows: readonly EndpointRowState[] }) {
  if (!rows.length) return <p class="muted">No webhook endpoints yet: add one with POST /v1/webhook-endpoints.</p>;
  return (
    <table class="endpoints">
      <thead>
        <tr>
          <th>Endpoint</th>
          <th>URL</th>
          <th>Events</th>
          <th>State</th>
          <th class="num" title="Delivered share of the most recent attempts">
            Success
          </th>
          <th>Failing since</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(({ endpoint, health }) => (
          <tr data-endpoint-id={endpoint.id} data-enabled={String(endpoint.enabled)}>
            <td>
              <a href={endpointPath(endpoint.id)} class="mono">
                {endpoint.id}
              </a>
              {endpoint.description && <div class="muted endpoint-description">{endpoint.description}</div>}
            </td>
            <td class="mono endpoint-url">{endpoint.url}</td>
            <td>{eventTypesText(endpoint.eventTypes)}</td>
            <td>
              <EnabledBadge health={health} />
            </td>
            <td class="num" title={`${health.delivered} of ${health.attempts} recent attempts`}>
              {percent(health.successRate)}
            </td>
            <td>{health.failingSince ? <Time at={health.failingSince} /> : <span class="muted">—</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
