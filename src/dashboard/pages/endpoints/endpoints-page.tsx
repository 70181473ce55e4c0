import type { EndpointView } from '../../../../activities/store';
import {
  deliveryHealth,
  type EndpointAttempt,
  recentEndpointAttempts,
  RECENT_BOUNDS,
} from '../../../jobs/endpoint-health';
import { NotFoundError } from '../../../http/errors';
import { Time } from '../../components/time';
import { Layout } from '../../layout';
import { ENDPOINTS_PATH } from '../../links';
import type { PageDeps } from '../../page-deps';
import type { PageRoute } from '../../page-route';
import { sendPage } from '../../render';
import { EndpointActions } from './endpoint-actions';
import { EndpointAttempts } from './endpoint-attempts';
import { HealthCards } from './endpoint-health-view';
import { EndpointTable, eventTypesText } from './endpoint-table';

/**
 * /dashboard/endpoints: GET /v1/webhook-endpoints with each endpoint's health; /dashboard/endpoints/:id: one endpoint,
 * its health, its recent attempts (from its latest webhook jobs) and the controls of the API's endpoint routes.
 */
export function endpointsPages(deps: PageDeps): PageRoute[] {
  const attemptsOf = (endpoint: EndpointView): Promise<EndpointAttempt[]> =>
    recentEndpointAttempts(deps.client, deps.taskQueue, endpoint.id, deps.links);

  return [
    {
      path: '/endpoints',
      scopes: ['webhooks:admin'],
      async handler(ctx, view) {
        const endpoints = await deps.store.webhookEndpoints.list();
        const rows = await Promise.all(
          endpoints.map(async (endpoint) => ({
            endpoint,
            health: deliveryHealth(endpoint, await attemptsOf(endpoint)),
          })),
        );
        sendPage(
          ctx,
          <Layout title="Webhook endpoints" active="endpoints" view={view}>
            <p class="listing-note muted">
              Health is the share of the last {RECENT_BOUNDS.attempts} attempts (of the last {RECENT_BOUNDS.jobs}{' '}
              webhook jobs) that were delivered.
            </p>
            <EndpointTable rows={rows} />
          </Layout>,
        );
      },
    },
    {
      path: '/endpoints/:id',
      scopes: ['webhooks:admin'],
      async handler(ctx, view) {
        const id = ctx.params.id!;
        const endpoint = await deps.store.webhookEndpoints.get(id);
        if (!endpoint) throw new NotFoundError(`no webhook endpoint with id ${id}`);
        const attempts = await attemptsOf(endpoint);
        sendPage(
          ctx,
          <Layout title={`Endpoint ${endpoint.id}`} active="endpoints" view={view}>
            <p>
              <a href={ENDPOINTS_PATH}>All endpoints</a>
            </p>
            <dl class="facts panel">
              <dt>URL</dt>
              <dd class="mono endpoint-url">{endpoint.url}</dd>
              <dt>Description</dt>
              <dd class="endpoint-description">{endpoint.description ?? <span class="muted">—</span>}</dd>
              <dt>Events</dt>
              <dd>{eventTypesText(endpoint.eventTypes)}</dd>
              <dt>Created</dt>
              <dd>
                <Time at={endpoint.createdAt} />
              </dd>
              <dt>Updated</dt>
              <dd>
                <Time at={endpoint.updatedAt} />
              </dd>
              {endpoint.previousSecretExpiresAt && (
                <>
                  <dt>Previous secret signs until</dt>
                  <dd>
                    <Time at={endpoint.previousSecretExpiresAt} />
                  </dd>
                </>
              )}
            </dl>
            <h2>Health</h2>
            <HealthCards health={deliveryHealth(endpoint, attempts)} />
            {view.can('webhooks:admin') && <EndpointActions endpoint={endpoint} />}
            <h2>Recent attempts</h2>
            <EndpointAttempts attempts={attempts} />
          </Layout>,
        );
      },
    },
  ];
}
