import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_TASK_QUEUE } from '../../workflows/shared/task-queue';
import { parsePayloadKeys } from '../temporal/payload-codec';
import { duration } from './duration';
import type { Env } from './read-env';
import { readTemporalProfile } from './temporal-profile';
import { bool, existingFile, optionalString, parsedWith, port } from './values';

export const temporalVariables = {
  TEMPORAL_ADDRESS: optionalString.describe(
    '`host:port` of a Temporal cluster or Temporal Cloud; unset (here and in the profile) runs the embedded dev server (role `all`) or uses `127.0.0.1:$TEMPORAL_DEV_PORT`',
  ),
  TEMPORAL_NAMESPACE: optionalString
    .meta({ shownDefault: '`default`' })
    .describe("namespace (the profile's when unset, else `default`)"),
  TEMPORAL_API_KEY: optionalString.meta({ secret: true }).describe('API key (Temporal Cloud); turns TLS on'),
  TEMPORAL_TLS: bool
    .optional()
    .describe(
      "`true` uses TLS (with the system's CAs unless a CA is given); `false` turns it off, even for an API key or a profile's TLS",
    ),
  TEMPORAL_TLS_CLIENT_CERT_PATH: existingFile
    .optional()
    .meta({ alias: 'TEMPORAL_TLS_CERT_PATH' })
    .describe('mTLS client certificate (PEM file); turns TLS on'),
  TEMPORAL_TLS_CLIENT_CERT_DATA: optionalString.describe('the same certificate as PEM text, instead of a file'),
  TEMPORAL_TLS_CLIENT_KEY_PATH: existingFile
    .optional()
    .meta({ alias: 'TEMPORAL_TLS_KEY_PATH' })
    .describe("the mTLS client certificate's key (PEM file)"),
  TEMPORAL_TLS_CLIENT_KEY_DATA: optionalString.meta({ secret: true }).describe('the same key as PEM text'),
  TEMPORAL_TLS_SERVER_CA_CERT_PATH: existingFile
    .optional()
    .meta({ alias: 'TEMPORAL_TLS_CA_PATH' })
    .describe('CA bundle for the server certificate (PEM file); turns TLS on'),
  TEMPORAL_TLS_SERVER_CA_CERT_DATA: optionalString.describe('the same CA bundle as PEM text'),
  TEMPORAL_TLS_SERVER_NAME: optionalString.describe('TLS server name override (SNI); turns TLS on'),
  TEMPORAL_CONFIG_FILE: existingFile
    .optional()
    .meta({ shownDefault: '`~/.config/temporalio/temporal.toml`' })
    .describe(
      "the `temporal` CLI's TOML file of connection profiles, read when it exists; the variables above override the profile's settings (see [Connection settings](#connection-settings))",
    ),
  TEMPORAL_PROFILE: optionalString
    .meta({ shownDefault: '`default`' })
    .describe('the profile of that file to use; one that is not there is an error'),
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
      'encrypt job payloads in Temporal and webhook and task signing secrets in the database: `id:base64 32-byte key,…`, newest first, encrypting with the first and decrypting with any (see [Encrypted payloads](security.md#encrypted-payloads)); unset, both plain, with a warning at every start',
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
      "role `all` only: the API's client shares the worker's connection and starts jobs eagerly on it, and the worker runs eager activities, for lower latency; they skip the task queue, so priority and its rate limit do not apply to them (see [Eager execution](eager-execution.md)); a warning in roles `api` and `worker`",
    ),
};

/** `env` as given, for what the connection profile reads beyond these variables (see temporal-profile.ts). */
export const readTemporal = (e: Env<typeof temporalVariables>, dataDir: string, env: NodeJS.ProcessEnv) => {
  const profile = readTemporalProfile(e, env);
  return {
    temporal: {
      /** Undefined means: run the embedded dev server. */
      address: profile.address,
      namespace: profile.namespace ?? 'default',
      /** Address, API key, TLS and gRPC headers, as the `temporal` CLI would connect (the connection uses it). */
      profile,
      connectTimeoutMs: e.TEMPORAL_CONNECT_TIMEOUT,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      uiUrl: e.TEMPORAL_UI_URL ?? `http://localhost:${e.TEMPORAL_DEV_UI_PORT}`,
      cliPath: e.TEMPORAL_CLI_PATH,
      devServer: {
        port: e.TEMPORAL_DEV_PORT,
        uiPort: e.TEMPORAL_DEV_UI_PORT,
        dbFile: path.join(dataDir, 'temporal.db'),
      },
      payloadKeys: e.PAYLOAD_KEYS,
      uiCodecEndpoint: e.UI_CODEC_ENDPOINT,
    },
    eagerExecution: e.EAGER_EXECUTION,
  };
};
