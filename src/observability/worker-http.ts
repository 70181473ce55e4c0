import Koa from 'koa';
import type { Registry } from 'prom-client';
import { createHealthRouter } from '../http/routes/health';
import { createMetricsRouter } from '../http/routes/metrics';
import type { Readiness } from '../temporal/readiness';

/**
 * What role `worker` serves on HTTP_PORT: GET /healthz (the container's health check, as in every role), GET /readyz
 * and GET /metrics (the job metrics and the process's own). No API, so no keys.
 */
export function createWorkerHttpApp(registry: Registry, readiness: () => Promise<Readiness>): Koa {
  const app = new Koa();
  for (const router of [createHealthRouter({ readiness }), createMetricsRouter(registry)]) app.use(router.routes());
  return app;
}
