// The app on loopback that `npm run dashboard:screenshots` points Afterward at: a webhook receiver that
// answers 500 to the event types it is told fail (so those deliveries end as dead letters), 204 to the
// rest, and a task endpoint that finishes every task at once.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ShowcaseReceiver {
  origin: string;
  hooksUrl: string;
  /** Where task type `type` is served. */
  taskUrl(type: string): string;
  close(): Promise<void>;
}

export async function startShowcaseReceiver(failingEvents: readonly string[]): Promise<ShowcaseReceiver> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.url?.startsWith('/tasks/')) {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"done":true}');
        return;
      }
      const event = parseType(Buffer.concat(chunks).toString('utf8'));
      if (event && failingEvents.includes(event)) {
        res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"billing service unavailable"}');
        return;
      }
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    hooksUrl: `${origin}/hooks`,
    taskUrl: (type) => `${origin}/tasks/${type}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The Standard Webhooks envelope's `type`, or undefined for a body that is not one. */
function parseType(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { type?: unknown };
    return typeof parsed.type === 'string' ? parsed.type : undefined;
  } catch {
    return undefined;
  }
}
