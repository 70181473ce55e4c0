// A real HTTP receiver on 127.0.0.1 for webhook tests. Never anything but loopback.
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The client's port: requests sharing it came over one kept-alive connection. */
  remotePort: number;
}

export interface Receiver {
  port: number;
  /** http://127.0.0.1:<port> */
  origin: string;
  requests: ReceivedRequest[];
  /** TCP connections accepted so far. */
  connections: number;
  close(): Promise<void>;
}

export type Handler = (request: ReceivedRequest, response: ServerResponse) => void;

export async function startReceiver(handler: Handler): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        remotePort: req.socket.remotePort ?? 0,
      };
      requests.push(request);
      handler(request, res);
    });
  });
  const receiver: Receiver = {
    port: 0,
    origin: '',
    requests,
    connections: 0,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  server.on('connection', () => {
    receiver.connections += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.port = (server.address() as AddressInfo).port;
  receiver.origin = `http://127.0.0.1:${receiver.port}`;
  return receiver;
}

/** The headers as a receiver hands them to the standardwebhooks package. */
export function plainHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : (value ?? '')]),
  );
}

/** Answers with a status, optional headers and body. */
export function reply(status: number, headers: Record<string, string> = {}, body = ''): Handler {
  return (_request, response) => {
    response.writeHead(status, headers).end(body);
  };
}

/** Answers the n-th request with the n-th handler, and every later one with the last. */
export function sequence(...handlers: Handler[]): Handler {
  let next = 0;
  return (request, response) => handlers[Math.min(next++, handlers.length - 1)]!(request, response);
}

/** Reads the request and never answers: the client's timeout has to end it. */
export const hang: Handler = () => undefined;
