import { Gauge, type Registry } from 'prom-client';
import type { EndpointView } from '../../activities/store';
import { scrapeCache } from './scrape-cache';

/** `healthy`, `failing` (its last attempt failed, not disabled yet), or `disabled` with its reason. */
function stateOf(e: EndpointView): { state: string; reason: string } {
  if (!e.enabled) return { state: 'disabled', reason: e.disabledReason ?? 'manual' };
  return { state: e.failingSince ? 'failing' : 'healthy', reason: '' };
}

/** `afterward_webhook_endpoints{state,reason}`: the endpoint store's endpoints by health, read at scrape time. */
export function registerEndpointMetrics(registry: Registry, endpoints: { list(): Promise<EndpointView[]> }): void {
  const read = scrapeCache(() => endpoints.list(), { maxAgeMs: 15_000, timeoutMs: 5_000 });
  new Gauge({
    name: 'afterward_webhook_endpoints',
    help: 'Webhook endpoints by state (healthy, failing, disabled) and, when disabled, reason (gone, failing, manual)',
    labelNames: ['state', 'reason'] as const,
    registers: [registry],
    async collect() {
      const all = await read();
      if (!all) return;
      this.reset();
      // Always present, so an alert on them has a series at zero.
      for (const labels of [
        { state: 'healthy', reason: '' },
        { state: 'failing', reason: '' },
        { state: 'disabled', reason: 'gone' },
        { state: 'disabled', reason: 'failing' },
        { state: 'disabled', reason: 'manual' },
      ])
        this.set(labels, 0);
      for (const endpoint of all) this.inc(stateOf(endpoint));
    },
  });
}
