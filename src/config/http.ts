import { z } from 'zod';
import { duration } from './duration';
import type { Env } from './read-env';
import { port, positiveInt } from './values';

export const httpVariables = {
  HTTP_HOST: z.string().default('127.0.0.1').describe('address the API listens on (`0.0.0.0` in containers)'),
  HTTP_PORT: port.default(3000).describe('API port'),
  PUBLIC_URL: z
    .url()
    .optional()
    .meta({ shownDefault: '`http://<host>:<port>`' })
    .describe('base of the `self` links in job answers'),
  HTTP_MAX_BODY_BYTES: positiveInt
    .default(2 * 1024 * 1024)
    .describe('largest request body; larger ones get `413` before they are read'),
  HTTP_REQUEST_TIMEOUT: duration({ default: '30s', alias: 'HTTP_REQUEST_TIMEOUT_MS' }).describe(
    'a client must have sent its whole request within this time (else `408`)',
  ),
  HTTP_HEADERS_TIMEOUT: duration({ default: '10s', alias: 'HTTP_HEADERS_TIMEOUT_MS' }).describe(
    '… and its headers within this time (slow clients, slow-loris); at most `HTTP_REQUEST_TIMEOUT`',
  ),
  HTTP_KEEP_ALIVE_TIMEOUT: duration({ default: '5s', alias: 'HTTP_KEEP_ALIVE_TIMEOUT_MS' }).describe(
    "an idle keep-alive connection closes after this; behind a load balancer, set it above the balancer's idle timeout",
  ),
};

export const readHttp = (e: Env<typeof httpVariables>) => ({
  http: {
    host: e.HTTP_HOST,
    port: e.HTTP_PORT,
    publicUrl: e.PUBLIC_URL ?? `http://${displayHost(e.HTTP_HOST)}:${e.HTTP_PORT}`,
    maxBodyBytes: e.HTTP_MAX_BODY_BYTES,
    timeouts: {
      requestMs: e.HTTP_REQUEST_TIMEOUT,
      headersMs: Math.min(e.HTTP_HEADERS_TIMEOUT, e.HTTP_REQUEST_TIMEOUT),
      keepAliveMs: e.HTTP_KEEP_ALIVE_TIMEOUT,
    },
  },
});

function displayHost(host: string): string {
  return host === '0.0.0.0' || host === '::' ? 'localhost' : host;
}
