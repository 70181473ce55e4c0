import Router from '@koa/router';
import type { Registry } from 'prom-client';

/** GET /metrics in Prometheus' text format. The worker's Temporal SDK metrics are served apart (WORKER_METRICS_ADDRESS). */
export function createMetricsRouter(registry: Registry): Router {
  const router = new Router();
  router.get('/metrics', async (ctx) => {
    ctx.type = registry.contentType;
    ctx.body = await registry.metrics();
  });
  return router;
}
