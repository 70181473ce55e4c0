import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_TASK_QUEUE } from '../../workflows/shared/task-queue';
import { parsePayloadKeys } from '../temporal/payload-codec';
import { duration } from './duration';
import type { Env } from './read-env';
import { bool, optionalString, parsedWith, port } from './values';

export const temporalVariables = {
  TEMPORAL_ADDRESS: optionalString.describe(
    '`host:port` of a Temporal cluster or Temporal Cloud; unset runs the embedded dev server (role `all`) or uses `127.0.0.1:$TEMPORAL_DEV_PORT`',
  ),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default').describe('namespace'),
  TEMPORAL_API_KEY: optionalString.meta({ secret: true }).describe('API key (Temporal Cloud); turns TLS on'),
  TEMPORAL_TLS: bool.default(false).describe("use TLS with the system's CAs"),
  TEMPORAL_TLS_CERT_PATH: optionalString.describe('mTLS client certificate; turns TLS on'),
  TEMPORAL_TLS_KEY_PATH: optionalString.describe("the mTLS client certificate's key"),
  TEMPORAL_TLS_CA_PATH: optionalString.describe('CA bundle for the server certificate'),
  TEMPORAL_TLS_SERVER_NAME: optionalString.describe('TLS server name override (SNI)'),
  TEMPORAL_CONNECT_TIMEOUT: duration({ default: '10s', alias: 'TEMPORAL_CONNECT_TIMEOUT_MS' }).describe(
    'how long to try to reach Temporal at start before failing',
  ),
  TEMPORAL_TASK_QUEUE: z
    .string()
    .min(1)
    .default(DEFAULT_TASK_QUEUE)
    .describe('task queue the API starts jobs on and workers poll'),
  TEMPORAL_UI_URL: z
    .url()
    .optional()
    .meta({ shownDefault: '`http://localhost:$TEMPORAL_DEV_UI_PORT`' })
    .describe('base of the `temporalUi` links in job answers'),
  TEMPORAL_CLI_PATH: optionalString.describe('explicit `temporal` binary for the embedded dev server'),
  TEMPORAL_DEV_PORT: port.default(7233).describe('embedded dev server gRPC port'),
  TEMPORAL_DEV_UI_PORT: port.default(8233).describe('embedded dev server Web UI port'),
  PAYLOAD_KEYS: parsedWith(parsePayloadKeys)
    .optional()
    .meta({ secret: true })
    .describe(
      'encrypt job payloads in Temporal and webhook and task signing secrets in the database: `id:base64 32-byte key,…`, newest first, encrypting with the first and decrypting with any (see [Encrypted payloads](#encrypted-payloads)); unset, both plain, with a warning at every start',
    ),
  UI_CODEC_ENDPOINT: z
    .url()
    .optional()
    .describe(
      "codec endpoint the embedded dev server's Web UI decodes payloads with, e.g. `http://127.0.0.1:3000/codec/<key with codec:decode>`",
    ),
  EAGER_EXECUTION: bool
    .default(false)
    .describe(
      "role `all` only: the API's client shares the worker's connection and starts jobs eagerly on it, and the worker runs eager activities, for lower latency; they skip the task queue, so priority and its rate limit do not apply to them (see [Eager execution](#eager-execution)); a warning in roles `api` and `worker`",
    ),
};

export const readTemporal = (e: Env<typeof temporalVariables>, dataDir: string) => ({
  temporal: {
    /** Undefined means: run the embedded dev server. */
    address: e.TEMPORAL_ADDRESS,
    namespace: e.TEMPORAL_NAMESPACE,
    apiKey: e.TEMPORAL_API_KEY,
    tls:
      e.TEMPORAL_TLS || e.TEMPORAL_TLS_CERT_PATH || e.TEMPORAL_API_KEY
        ? {
            certPath: e.TEMPORAL_TLS_CERT_PATH,
            keyPath: e.TEMPORAL_TLS_KEY_PATH,
            caPath: e.TEMPORAL_TLS_CA_PATH,
            serverName: e.TEMPORAL_TLS_SERVER_NAME,
          }
        : undefined,
    connectTimeoutMs: e.TEMPORAL_CONNECT_TIMEOUT,
    taskQueue: e.TEMPORAL_TASK_QUEUE,
    uiUrl: e.TEMPORAL_UI_URL ?? `http://localhost:${e.TEMPORAL_DEV_UI_PORT}`,
    cliPath: e.TEMPORAL_CLI_PATH,
    devServer: { port: e.TEMPORAL_DEV_PORT, uiPort: e.TEMPORAL_DEV_UI_PORT, dbFile: path.join(dataDir, 'temporal.db') },
    payloadKeys: e.PAYLOAD_KEYS,
    uiCodecEndpoint: e.UI_CODEC_ENDPOINT,
  },
  eagerExecution: e.EAGER_EXECUTION,
});
