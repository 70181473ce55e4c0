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
    return {
      key: `${method === 'HEAD' ? 'GET' : method} ${layer.path}`,
      params: layer.params(path, layer.captures(path), {}),
    };
  }
  return undefined;
}

/** Every route of the routers, as `METHOD /template` (HEAD goes with GET). */
export function routeKeys(routers: readonly Router[]): string[] {
  return routers.flatMap((router) =>
    router.stack.flatMap((layer) => layer.methods.filter((m) => m !== 'HEAD').map((m) => `${m} ${layer.path}`)),
  );
}

/** What the routes of a path have, whatever the method: their methods in the routers' order (HEAD with GET), and the first one's parameters. */
export function pathRoutes(
  routers: readonly Router[],
  path: string,
): { methods: string[]; params: Record<string, string> } {
  const layers = routers.flatMap((router) =>
    router.match(path, 'GET').path.filter((layer) => layer.methods.length > 0),
  );
  return {
    methods: [...new Set(layers.flatMap((layer) => layer.methods))],
    params: layers[0] ? layers[0].params(path, layers[0].captures(path), {}) : {},
  };
}

/** The path to log and answer with: an API key carried in it (the codec routes' `:apiKey`) redacted; undefined when it has none. */
export function redactedPath(path: string, params: Record<string, string>): string | undefined {
  return params.apiKey ? path.replace(params.apiKey, '[redacted]') : undefined;
}
