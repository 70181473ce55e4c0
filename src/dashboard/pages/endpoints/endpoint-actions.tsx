import { ApiForm } from '../../components/api-form';
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
          <ApiForm
            action={api}
            method="patch"
            label="Disable"
            confirm="Disable this endpoint?"
            detail="Deliveries to it fail until it is enabled again; failed ones can be recovered then."
            doneMessage="the endpoint is disabled"
            tone="danger"
            fields={<input type="hidden" name="enabled" value="false" data-type="json" />}
          />
        ) : (
          <ApiForm
            action={api}
            method="patch"
            label="Enable"
            confirm="Enable this endpoint?"
            detail="New deliveries go to it again and its failure run starts over. Failed deliveries are not sent again: recover them next."
            doneMessage="the endpoint is enabled"
            tone="primary"
            fields={<input type="hidden" name="enabled" value="true" data-type="json" />}
          />
        )}
      </div>
      {endpoint.enabled ? (
        <ApiForm
          hook="recover"
          class="recover"
          action={`${api}/recover`}
          label="Recover"
          confirm="Recover failed deliveries?"
          detail="Every delivery to this endpoint accepted since the chosen time that failed is sent again."
          done={false}
          tone="primary"
          fields={
            <>
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
            </>
          }
        >
          <output class="recover-result" data-recover-result />
        </ApiForm>
      ) : (
        <p class="muted">Enable the endpoint to recover its failed deliveries.</p>
      )}
    </section>
  );
}
