import type { Middleware } from 'koa';
import { Histogram, type Registry } from 'prom-client';

/** Times every request, labelled by method, route template (never the raw path) and status, on `registry`. */
export function httpMetrics(registry: Registry): Middleware {
  const duration = new Histogram({
    name: 'afterward_http_request_duration_seconds',
    help: 'HTTP requests by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  return async (ctx, next) => {
    const end = duration.startTimer();
    try {
      await next();
    } finally {
      // `state.route` is set by the authorize middleware; requests matching no route share one label.
      const route: string | undefined = ctx.state.route;
      end({
        method: ctx.method,
        route: route ? route.slice(route.indexOf(' ') + 1) : 'unmatched',
        status: String(ctx.status),
      });
    }
  };
}
