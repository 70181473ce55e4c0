import type { EndpointView } from '../../../../activities/store';

const HOUR = 3_600_000;
const PRESETS = [
  { label: 'Last hour', ms: HOUR },
  { label: 'Last 24 h', ms: 24 * HOUR },
  { label: 'Last 7 days', ms: 7 * 24 * HOUR },
] as const;

/**
 * Enable or disable (PATCH /v1/webhook-endpoints/:id) and recover since a time (POST …/recover), each confirmed in
 * the dialog and sent by the browser to the API. Recovery needs the endpoint enabled: the API answers 409 otherwise.
 */
export function EndpointActions({ endpoint }: { endpoint: EndpointView }) {
  const api = `/v1/webhook-endpoints/${encodeURIComponent(endpoint.id)}`;
  return (
    <section class="panel endpoint-actions">
      <h2>Actions</h2>
      <div class="actions">
        {endpoint.enabled ? (
          <form
            data-api
            action={api}
            method="patch"
            data-confirm="Disable this endpoint?"
            data-confirm-detail="Deliveries to it fail until it is enabled again; failed ones can be recovered then."
            data-confirm-label="Disable"
            data-label="Disable"
            data-done-message="the endpoint is disabled"
            data-done="reload"
          >
            <input type="hidden" name="enabled" value="false" data-type="json" />
            <button type="submit" class="danger">
              Disable
            </button>
          </form>
        ) : (
          <form
            data-api
            action={api}
            method="patch"
            data-confirm="Enable this endpoint?"
            data-confirm-detail="New deliveries go to it again and its failure run starts over. Failed deliveries are not sent again: recover them next."
            data-confirm-label="Enable"
            data-label="Enable"
            data-done-message="the endpoint is enabled"
            data-done="reload"
          >
            <input type="hidden" name="enabled" value="true" data-type="json" />
            <button type="submit" class="primary">
              Enable
            </button>
          </form>
        )}
      </div>
      {endpoint.enabled ? (
        <form
          data-api
          data-recover
          class="recover"
          action={`${api}/recover`}
          method="post"
          data-confirm="Recover failed deliveries?"
          data-confirm-detail="Every delivery to this endpoint accepted since the chosen time that failed is sent again."
          data-confirm-label="Recover"
          data-label="Recover"
        >
          <label>
            Recover failed deliveries since
            <input type="datetime-local" name="since" data-type="datetime" step="1" required />
          </label>
          <span class="presets">
            {PRESETS.map((preset) => (
              <button type="button" data-since-preset={preset.ms}>
                {preset.label}
              </button>
            ))}
          </span>
          <button type="submit" class="primary">
            Recover
          </button>
          <output class="recover-result" data-recover-result />
        </form>
      ) : (
        <p class="muted">Enable the endpoint to recover its failed deliveries.</p>
      )}
    </section>
  );
}
