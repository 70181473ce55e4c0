// A real HTTP server in front of the API: it answers the scripted replies first (429, 503, a dropped
// connection), then forwards each request to the API as it came, and records every request it got.
import type { ServerResponse } from 'node:http';
import { type ReceivedRequest, type Receiver, startReceiver } from '../activities/webhooks/receiver';

export type ScriptedReply = { status: number; headers?: Record<string, string>; body?: unknown } | 'drop';

export interface ScriptedProxy {
  url: string;
  /** Every request it got, with when (Date.now()). */
  requests: (ReceivedRequest & { at: number })[];
  /** Answers the next requests with these replies, in order, before forwarding again. */
  script(...replies: ScriptedReply[]): void;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'host']);

async function forward(upstream: string, request: ReceivedRequest, response: ServerResponse): Promise<void> {
  const headers = Object.entries(request.headers).flatMap(([name, value]) =>
    HOP_BY_HOP.has(name) || value === undefined ? [] : [[name, String(value)] as [string, string]],
  );
  const answer = await fetch(upstream + request.path, {
    method: request.method,
    headers,
    body: request.body === '' ? undefined : request.body,
  });
  const body = Buffer.from(await answer.arrayBuffer());
  const answerHeaders = [...answer.headers].filter(([name]) => !HOP_BY_HOP.has(name) && name !== 'content-encoding');
  response.writeHead(answer.status, Object.fromEntries(answerHeaders)).end(body);
}

export async function startScriptedProxy(upstream: string): Promise<ScriptedProxy> {
  const replies: ScriptedReply[] = [];
  const requests: ScriptedProxy['requests'] = [];
  const receiver: Receiver = await startReceiver((request, response) => {
    requests.push({ ...request, at: Date.now() });
    const reply = replies.shift();
    if (reply === 'drop') return void response.socket?.destroy();
    if (reply) {
      response.writeHead(reply.status, { 'content-type': 'application/problem+json', ...reply.headers });
      return void response.end(
        JSON.stringify(reply.body ?? { type: 'about:blank', title: `scripted ${reply.status}`, status: reply.status }),
      );
    }
    forward(upstream, request, response).catch(() => response.socket?.destroy());
  });
  return {
    url: receiver.origin,
    requests,
    script: (...next) => void replies.push(...next),
    close: () => receiver.close(),
  };
}
