import fs from 'node:fs';
import { Client, Connection, type TLSConfig } from '@temporalio/client';
import type { Config } from '../config';
import { payloadCodecs } from './payload-codec';

type TemporalConfig = Config['temporal'];

/** The TLS and API-key settings shared by the client connection and the worker's native connection. */
export function connectionSecurity(t: TemporalConfig): { tls?: TLSConfig | boolean; apiKey?: string } {
  const tls: TLSConfig | boolean | undefined = t.tls
    ? {
        serverNameOverride: t.tls.serverName,
        serverRootCACertificate: t.tls.caPath ? fs.readFileSync(t.tls.caPath) : undefined,
        clientCertPair:
          t.tls.certPath && t.tls.keyPath
            ? { crt: fs.readFileSync(t.tls.certPath), key: fs.readFileSync(t.tls.keyPath) }
            : undefined,
      }
    : undefined;
  return { tls, apiKey: t.apiKey };
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
