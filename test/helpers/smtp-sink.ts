// SMTP servers for tests, on real TCP sockets on 127.0.0.1: a scriptable sink that records
// what it accepts, and a server that accepts connections and never says a word.
import net from 'node:net';
import PostalMime, { type Email } from 'postal-mime';
import { SMTPServer, type SMTPServerAddress, type SMTPServerSession } from 'smtp-server';

export interface ReceivedMessage {
  parsed: Email;
  raw: Buffer;
  envelope: { from: string | undefined; to: string[] };
  /** When the sink had read the whole message (Date.now()). */
  receivedAt: number;
}

export interface ScriptedReply {
  /** Which command gets the reply: DATA (after the body is read) or each RCPT TO. */
  at?: 'DATA' | 'RCPT';
}

export interface SmtpSink {
  port: number;
  url: string;
  messages: ReceivedMessage[];
  /** Every DATA body the sink read, whatever it answered. */
  readonly attempts: number;
  /** Answers the next `times` DATA (or RCPT TO) commands with `code text` instead of 250. */
  replyNext(code: number, text: string, times?: number, options?: ScriptedReply): void;
  /** Reads the next `times` DATA bodies, records them as received, then drops the connection unanswered. */
  dropAfterDataNext(times?: number): void;
  /** Reads the next `times` DATA bodies and never answers them (nothing is recorded): the sender hangs until it gives up or dies. */
  stallDataNext(times?: number): void;
  waitForMessages(count: number, timeoutMs?: number): Promise<ReceivedMessage[]>;
  /** Forgets received messages, attempts and scripted replies: a clean sink for the next test. */
  reset(): void;
  close(): Promise<void>;
}

type Scripted = { code: number; text: string } | 'drop' | 'stall';

export interface SmtpSinkOptions {
  /**
   * Wait a random time in [min, max] ms after reading each accepted message before answering 250, like a real
   * server writing to disk: the message counts as received while its sender still waits for the answer.
   */
  replyDelayMs?: { min: number; max: number };
}

export async function startSmtpSink({ replyDelayMs }: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const messages: ReceivedMessage[] = [];
  const script: Record<'DATA' | 'RCPT', Scripted[]> = { DATA: [], RCPT: [] };
  let attempts = 0;

  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    disableReverseLookup: true,
    logger: false,
    closeTimeout: 50,
    onRcptTo(_address: SMTPServerAddress, _session: SMTPServerSession, callback) {
      const next = script.RCPT.shift();
      callback(next && typeof next === 'object' ? smtpError(next) : null);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const receivedAt = Date.now();
        attempts += 1;
        const raw = Buffer.concat(chunks);
        const next = script.DATA.shift();
        if (next === 'stall') return;
        if (next !== undefined && next !== 'drop') return callback(smtpError(next));
        void record(raw, session, receivedAt).then(() => {
          if (next === 'drop') dropConnection(server, session);
          else if (replyDelayMs) setTimeout(() => callback(null, 'Ok: queued'), randomBetween(replyDelayMs));
          else callback(null, 'Ok: queued');
        }, callback);
      });
    },
  });

  async function record(raw: Buffer, session: SMTPServerSession, receivedAt: number): Promise<void> {
    const mailFrom = session.envelope.mailFrom;
    messages.push({
      parsed: await PostalMime.parse(raw),
      raw,
      envelope: { from: mailFrom ? mailFrom.address : undefined, to: session.envelope.rcptTo.map((r) => r.address) },
      receivedAt,
    });
  }

  // A client killed mid-session (a SIGKILLed worker) resets its connection: the sender's fault, not the sink's.
  server.on('error', () => undefined);
  const port = await listen(server);
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    messages,
    get attempts() {
      return attempts;
    },
    replyNext(code, text, times = 1, { at = 'DATA' } = {}) {
      for (let i = 0; i < times; i++) script[at].push({ code, text });
    },
    dropAfterDataNext(times = 1) {
      for (let i = 0; i < times; i++) script.DATA.push('drop');
    },
    stallDataNext(times = 1) {
      for (let i = 0; i < times; i++) script.DATA.push('stall');
    },
    async waitForMessages(count, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < count) {
        if (Date.now() > deadline)
          throw new Error(`expected ${count} message(s) within ${timeoutMs} ms, got ${messages.length}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return messages;
    },
    reset() {
      messages.length = 0;
      script.DATA.length = 0;
      script.RCPT.length = 0;
      attempts = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function randomBetween({ min, max }: { min: number; max: number }): number {
  return min + Math.random() * (max - min);
}

function smtpError({ code, text }: { code: number; text: string }): Error {
  return Object.assign(new Error(text), { responseCode: code });
}

function dropConnection(server: SMTPServer, session: SMTPServerSession): void {
  for (const connection of server.connections) {
    if (connection.id === session.id) connection._socket.destroy();
  }
}

function listen(server: SMTPServer): Promise<number> {
  return new Promise((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.server.address() as net.AddressInfo).port));
  });
}

/** Accepts TCP connections and never sends the 220 greeting. */
export async function startSilentServer(): Promise<{ port: number; url: string; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A port on 127.0.0.1 that nothing listens on: connecting is refused. */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
