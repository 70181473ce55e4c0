// The HTTP side of a delivery: one POST, bounded in time and in bytes read, redirects not followed.
import { Agent } from 'undici';
import { createGuardedConnector } from './guarded-connector';
import { type AllowList, EMPTY_ALLOW_LIST } from './ssrf-policy';

export interface WebhookHttpClientOptions {
  /** Hosts and networks exempt from the SSRF policy. Default: none. */
  allow?: AllowList;
  /** TCP (and TLS) connect. Default 5 s. */
  connectTimeoutMs?: number;
  /** From request sent to response headers received; 0: none. Default 10 s (undici: 300 s). */
  headersTimeoutMs?: number;
  /** Longest silence between body chunks; 0: none. Default 10 s (undici: 300 s). */
  bodyTimeoutMs?: number;
  /** The whole attempt, connect to last byte read; 0: none, the caller's signal bounds it. Default 15 s. */
  attemptTimeoutMs?: number;
  /** Bytes of response body read at most; a longer body is cut and its connection dropped. Default 64 KiB. */
  maxResponseBytes?: number;
  /** Bytes of response body kept for the attempt log. Default 1 KiB. */
  snippetBytes?: number;
  /** How long an idle keep-alive connection is kept. Default 4 s. */
  keepAliveTimeoutMs?: number;
  /** Concurrent connections per receiver origin; 0: no limit. Default 16. */
  maxConnectionsPerOrigin?: number;
}

export interface WebhookResponse {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  snippet: string;
  /** The body was longer than maxResponseBytes and was not read to the end. */
  truncated: boolean;
}

export interface WebhookHttpClient {
  readonly dispatcher: Agent;
  readonly allow: AllowList;
  post(url: URL, headers: Record<string, string>, body: string, signal?: AbortSignal): Promise<WebhookResponse>;
  close(): Promise<void>;
}

async function readCapped(body: AsyncIterable<Buffer> & { destroy(): void }, maxBytes: number, snippetBytes: number) {
  const kept: Buffer[] = [];
  let keptBytes = 0;
  let total = 0;
  // Reading to the end (when small) lets undici reuse the connection; the rest of a large body is dropped.
  for await (const chunk of body) {
    total += chunk.length;
    if (keptBytes < snippetBytes) {
      kept.push(chunk.subarray(0, snippetBytes - keptBytes));
      keptBytes += Math.min(chunk.length, snippetBytes - keptBytes);
    }
    if (total > maxBytes) {
      body.destroy();
      return { snippet: Buffer.concat(kept).toString('utf8'), truncated: true };
    }
  }
  return { snippet: Buffer.concat(kept).toString('utf8'), truncated: false };
}

export function createWebhookHttpClient(options: WebhookHttpClientOptions = {}): WebhookHttpClient {
  const {
    allow = EMPTY_ALLOW_LIST,
    connectTimeoutMs = 5_000,
    headersTimeoutMs = 10_000,
    bodyTimeoutMs = 10_000,
    attemptTimeoutMs = 15_000,
    maxResponseBytes = 64 * 1024,
    snippetBytes = 1024,
    keepAliveTimeoutMs = 4_000,
    maxConnectionsPerOrigin = 16,
  } = options;
  const dispatcher = new Agent({
    connect: createGuardedConnector(allow, connectTimeoutMs),
    headersTimeout: headersTimeoutMs,
    bodyTimeout: bodyTimeoutMs,
    keepAliveTimeout: keepAliveTimeoutMs,
    connections: maxConnectionsPerOrigin || null,
  });

  return {
    dispatcher,
    allow,
    async post(url, headers, body, signal) {
      const timeout = attemptTimeoutMs > 0 ? AbortSignal.timeout(attemptTimeoutMs) : undefined;
      const combined = timeout && signal ? AbortSignal.any([timeout, signal]) : (timeout ?? signal);
      try {
        // Dispatcher.request never follows redirects: a 3xx comes back as is.
        const response = await dispatcher.request({
          origin: url.origin,
          path: url.pathname + url.search,
          method: 'POST',
          headers,
          body,
          signal: combined,
        });
        const { snippet, truncated } = await readCapped(response.body, maxResponseBytes, snippetBytes);
        return { statusCode: response.statusCode, headers: response.headers, snippet, truncated };
      } catch (error) {
        if (timeout?.aborted && !signal?.aborted)
          throw new Error(`No complete response within ${attemptTimeoutMs} ms`, { cause: error });
        throw error;
      }
    },
    close: () => dispatcher.close(),
  };
}
