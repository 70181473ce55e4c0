// The benchmarks' SMTP server on loopback: accepts every message, keeps nothing but the moment it
// answered 250 to DATA, by the message's Message-ID (`<job id@domain>`).
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { nowMs } from './stats';

export interface BenchSmtpSink {
  url: string;
  /** Messages accepted since the last reset. */
  readonly accepted: number;
  /** When the 250 reply to DATA went out (ms since the epoch), by the local part of the Message-ID. */
  readonly repliedAt: Map<string, number>;
  reset(): void;
  close(): Promise<void>;
}

const MESSAGE_ID = /^Message-ID:\s*<([^@>\s]+)@/im;

export async function startBenchSmtpSink(): Promise<BenchSmtpSink> {
  const repliedAt = new Map<string, number>();
  let accepted = 0;
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    disableReverseLookup: true,
    logger: false,
    closeTimeout: 100,
    onData(stream, _session, callback) {
      let head = '';
      stream.on('data', (chunk: Buffer) => {
        if (head.length < 4096) head += chunk.toString('latin1');
      });
      stream.on('end', () => {
        accepted++;
        const id = MESSAGE_ID.exec(head)?.[1];
        if (id) repliedAt.set(id, nowMs());
        callback(null, 'Ok: queued');
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    get accepted() {
      return accepted;
    },
    repliedAt,
    reset() {
      accepted = 0;
      repliedAt.clear();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
