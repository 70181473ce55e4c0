import type Router from '@koa/router';

export interface MatchedRoute {
  /** `METHOD /template`, as the router registered it: the key of OPERATIONS and the metrics label. */
  key: string;
  params: Record<string, string>;
}

/** The route a request goes to: the first router with a route for it, and in it the first layer, as Koa runs them. */
export function matchRoute(routers: readonly Router[], method: string, path: string): MatchedRoute | undefined {
  for (const router of routers) {
    const matched = router.match(path, method);
    const layer = matched.route ? matched.pathAndMethod.find((l) => l.methods.length > 0) : undefined;
    if (!layer) continue;
    return { key: `${method === 'HEAD' ? 'GET' : method} ${layer.path}`, params: layer.params(path, layer.captures(path), {}) };
  }
  return undefined;
}

/** Every route of the routers, as `METHOD /template` (HEAD goes with GET). */
export function routeKeys(routers: readonly Router[]): string[] {
  return routers.flatMap((router) => router.stack.flatMap((layer) => layer.methods.filter((m) => m !== 'HEAD').map((m) => `${m} ${layer.path}`)));
}
