import { Client, Connection, type Metadata, type TLSConfig } from '@temporalio/client';
import { toClientOptions } from '@temporalio/envconfig';
import type { Config } from '../config';
import { payloadCodecs } from './payload-codec';

type TemporalConfig = Config['temporal'];

/**
 * The TLS, API key and gRPC headers of the connection profile (envconfig's reading, as the `temporal` CLI's),
 * shared by the client connection and the worker's native connection. Reads the profile's PEM files.
 */
export function connectionSecurity(t: TemporalConfig): {
  tls?: TLSConfig | boolean;
  apiKey?: string;
  metadata?: Metadata;
} {
  const { tls, apiKey, metadata } = toClientOptions(t.profile).connectionOptions;
  return { tls: tls ?? undefined, apiKey: typeof apiKey === 'string' ? apiKey : undefined, metadata };
}

/** The one-line start failure when Temporal does not answer in time. */
export function unreachable(address: string, timeoutMs: number, err: Error): Error {
  return new Error(`cannot reach Temporal at TEMPORAL_ADDRESS=${address} within ${timeoutMs} ms: ${err.message}`);
}

/** Connects within the configured timeout, so an unreachable address fails fast instead of hanging. */
export async function connectClient(t: TemporalConfig & { address: string }): Promise<Client> {
  let connection: Connection;
  try {
    connection = await Connection.connect({
      address: t.address,
      connectTimeout: t.connectTimeoutMs,
      ...connectionSecurity(t),
    });
  } catch (err) {
    throw unreachable(t.address, t.connectTimeoutMs, err as Error);
  }
  // With PAYLOAD_KEYS, inputs, results and memos reach Temporal encrypted (the worker uses the same codec).
  return new Client({ connection, namespace: t.namespace, dataConverter: payloadCodecs(t.payloadKeys) });
}
