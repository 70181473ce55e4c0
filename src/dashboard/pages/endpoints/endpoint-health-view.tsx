import type { DisabledReason } from '../../../../activities/store';
import type { DeliveryHealth } from '../../../jobs/endpoint-health';
import { Time } from '../../components/time';

const WHY: Record<DisabledReason, string> = {
  gone: 'it answered 410 Gone: the receiver asked for no more deliveries',
  failing: 'its deliveries kept failing for longer than WEBHOOK_DISABLE_AFTER without a success',
  manual: 'it was disabled by hand (PATCH enabled: false)',
};

/** Why an endpoint is disabled, for people. */
export const disabledWhy = (reason: DisabledReason | null): string => (reason ? WHY[reason] : 'no reason recorded');

export const percent = (rate: number | null): string => (rate === null ? '—' : `${Math.round(rate * 100)}%`);

/** Enabled, or disabled with its reason: a badge for tables. */
export function EnabledBadge({ health }: { health: Pick<DeliveryHealth, 'enabled' | 'disabledReason'> }) {
  if (health.enabled) return <span class="status status-succeeded">enabled</span>;
  return (
    <span class="status status-failed" title={disabledWhy(health.disabledReason)}>
      disabled{health.disabledReason ? ` · ${health.disabledReason}` : ''}
    </span>
  );
}

/** The endpoint page's health cards: state, success rate over the recent attempts, the failure run, the last success. */
export function HealthCards({ health }: { health: DeliveryHealth }) {
  return (
    <>
      <div class="cards endpoint-health">
        <div class="card" data-health="state">
          <div class="muted">State</div>
          <div class="value">{health.enabled ? 'Enabled' : 'Disabled'}</div>
        </div>
        <div class="card" data-health="success-rate">
          <div class="muted">Success rate</div>
          <div class="value">{percent(health.successRate)}</div>
          <div class="muted">
            {health.delivered} of {health.attempts} recent attempts delivered
          </div>
        </div>
        <div class="card" data-health="failing-since">
          <div class="muted">Failing since</div>
          <div class="value">{health.failingSince ? <Time at={health.failingSince} /> : 'Not failing'}</div>
        </div>
        <div class="card" data-health="last-success">
          <div class="muted">Last success</div>
          <div class="value">
            <Time at={health.lastSuccessAt} />
          </div>
        </div>
      </div>
      {!health.enabled && (
        <p class="error endpoint-disabled" role="status" data-health="disabled">
          Disabled since <Time at={health.disabledAt} />: {disabledWhy(health.disabledReason)}. Deliveries to it fail
          until it is enabled again.
        </p>
      )}
    </>
  );
}
