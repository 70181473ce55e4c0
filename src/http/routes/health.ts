import Router from '@koa/router';
import type { Readiness } from '../../temporal/readiness';

export function createHealthRouter(deps: { readiness: () => Promise<Readiness> }): Router {
  const router = new Router();
  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  router.get('/readyz', async (ctx) => {
    const readiness = await deps.readiness();
    ctx.status = readiness.ready ? 200 : 503;
    ctx.body = { status: readiness.ready ? 'ready' : 'not ready', checks: readiness.checks };
  });
  return router;
}
