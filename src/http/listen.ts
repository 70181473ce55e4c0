import http from 'node:http';
import type Koa from 'koa';
import type { HttpConfig } from '../config';

/**
 * Serves the app with bounded waits: a client must send its headers within `headersMs` and the whole
 * request within `requestMs` (slow-loris), and an idle keep-alive connection closes after `keepAliveMs`.
 */
export async function listen(
  app: Koa,
  { host, port, timeouts }: Pick<HttpConfig, 'host' | 'port' | 'timeouts'>,
): Promise<http.Server> {
  const server = http.createServer(
    {
      requestTimeout: timeouts.requestMs,
      headersTimeout: timeouts.headersMs,
      keepAliveTimeout: timeouts.keepAliveMs,
      // How often Node checks the two timeouts above (default 30 s, longer than they may be).
      connectionsCheckingInterval: Math.min(1000, timeouts.headersMs),
    },
    app.callback(),
  );
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, () => resolve())).catch(
    (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EADDRINUSE') throw err;
      throw new Error(
        `HTTP_PORT ${port} is already in use on ${host}: another process listens there; choose a free port`,
      );
    },
  );
  return server;
}
