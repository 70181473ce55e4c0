// The local mail capture used when no SMTP_URL is configured: an SMTP server on loopback that
// accepts everything and writes each message to `dir` as an .eml file, so the real nodemailer
// path (pool, timeouts, failure classification) runs in development too.
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { link, mkdir, unlink } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { SMTPServer, type SMTPServerDataStream } from 'smtp-server';
import { readEmlHeaders } from './eml-headers';

export { listOutbox, type OutboxEntry } from './outbox-list';

export interface OutboxServerOptions {
  /** Where .eml files go, e.g. `.data/outbox`; created if missing. */
  dir: string;
  /** Loopback only: the server has no authentication. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Larger messages are refused with 552. */
  maxMessageBytes?: number;
}

export interface OutboxServer {
  /** `smtp://127.0.0.1:PORT`, ready for createMailTransport. */
  url: string;
  port: number;
  close(): Promise<void>;
}

export const OUTBOX_MAX_MESSAGE_BYTES = 25 * 1024 * 1024;

export async function startOutboxServer({
  dir,
  host = '127.0.0.1',
  port = 0,
  maxMessageBytes = OUTBOX_MAX_MESSAGE_BYTES,
}: OutboxServerOptions): Promise<OutboxServer> {
  if (!isLoopback(host)) {
    throw new Error(
      `The outbox SMTP server accepts mail without authentication and listens on loopback only, not on ${host}`,
    );
  }
  await mkdir(dir, { recursive: true });

  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    disableReverseLookup: true,
    size: maxMessageBytes,
    rejectOversized: true,
    logger: false,
    closeTimeout: 2_000,
    onData(stream, _session, callback) {
      saveMessage(dir, stream).then(
        (saved) => callback(null, saved ? 'Ok: saved to the outbox' : undefined),
        (err: unknown) =>
          callback(Object.assign(new Error(`Could not save the message: ${String(err)}`), { responseCode: 451 })),
      );
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const bound = (server.server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `smtp://${urlHost}:${bound}`,
    port: bound,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// Streams to a hidden temp file, then links it under its final name: a reader never sees a
// half-written .eml, and two copies of one message (a retry) never overwrite each other.
async function saveMessage(dir: string, stream: SMTPServerDataStream): Promise<string | undefined> {
  const temp = join(dir, `.incoming-${randomBytes(6).toString('hex')}.tmp`);
  try {
    await pipeline(stream, createWriteStream(temp, { flags: 'wx' }));
    if (stream.sizeExceeded) return undefined;
    const messageId = (await readEmlHeaders(temp)).get('message-id') ?? 'no-message-id';
    const base = `${new Date().toISOString().replace(/[:.]/g, '-')}-${sanitise(messageId)}`;
    // '~' sorts after '.', so a second copy within the same millisecond still lists as newer.
    for (let n = 0; ; n++) {
      const name = `${base}${n === 0 ? '' : `~${n}`}.eml`;
      try {
        await link(temp, join(dir, name));
        return name;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
    }
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

function sanitise(messageId: string): string {
  return (
    messageId
      .replace(/^<|>$/g, '')
      .replace(/[^A-Za-z0-9._@-]/g, '_')
      .slice(0, 100) || 'no-message-id'
  );
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}
