// The benchmarks' receiver on loopback, for webhooks and for task calls: reads each POST to the end,
// answers at once, and keeps how many arrived, when the last one did and, when told which header
// carries the id (webhook-id, afterward-job-id), when each id arrived.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { nowMs } from './stats';

export interface BenchWebhookReceiver {
  url: string;
  readonly received: number;
  /** When the last POST was read (ms since the epoch), 0 before the first. */
  readonly lastAt: number;
  /** When the first POST carrying each id was read (ms since the epoch); empty without `idHeader`. */
  readonly receivedAt: ReadonlyMap<string, number>;
  reset(): void;
  close(): Promise<void>;
}

export interface BenchReceiverOptions {
  /** What it answers: 204 (a webhook receiver), 200 (a task app done at once). */
  status?: number;
  /** The request header whose value keys `receivedAt`. */
  idHeader?: string;
  /** The path in `url`. */
  path?: string;
}

export async function startBenchWebhookReceiver({
  status = 204,
  idHeader,
  path = '/hooks',
}: BenchReceiverOptions = {}): Promise<BenchWebhookReceiver> {
  let received = 0;
  let lastAt = 0;
  const receivedAt = new Map<string, number>();
  const server = http.createServer({ keepAliveTimeout: 10_000 }, (req, res) => {
    req.resume();
    req.on('end', () => {
      received++;
      lastAt = nowMs();
      const id = idHeader && req.headers[idHeader];
      if (typeof id === 'string' && !receivedAt.has(id)) receivedAt.set(id, lastAt);
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`,
    get received() {
      return received;
    },
    get lastAt() {
      return lastAt;
    },
    receivedAt,
    reset() {
      received = 0;
      lastAt = 0;
      receivedAt.clear();
    },
    close: () => new Promise((resolve) => server.close(() => resolve()).closeAllConnections()),
  };
}
