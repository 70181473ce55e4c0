// The benchmarks' webhook receiver on loopback: reads each POST to the end, answers 204, and keeps
// only how many arrived and when the last one did.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { nowMs } from './stats';

export interface BenchWebhookReceiver {
  url: string;
  readonly received: number;
  /** When the last POST was read (ms since the epoch), 0 before the first. */
  readonly lastAt: number;
  reset(): void;
  close(): Promise<void>;
}

export async function startBenchWebhookReceiver(): Promise<BenchWebhookReceiver> {
  let received = 0;
  let lastAt = 0;
  const server = http.createServer({ keepAliveTimeout: 10_000 }, (req, res) => {
    req.resume();
    req.on('end', () => {
      received++;
      lastAt = nowMs();
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    get received() {
      return received;
    },
    get lastAt() {
      return lastAt;
    },
    reset() {
      received = 0;
      lastAt = 0;
    },
    close: () => new Promise((resolve) => server.close(() => resolve()).closeAllConnections()),
  };
}
