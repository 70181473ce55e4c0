// Starts bench/lib/afterward-process.ts as a child process and talks to it over IPC.
import { type ChildProcess, spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import type { ChildStatus, FromChild, ToChild } from './afterward-process';

export interface AfterwardChild {
  apiUrl: string;
  pid: number;
  status(): Promise<ChildStatus>;
  stop(): Promise<void>;
}

export interface AfterwardChildOptions {
  eager: boolean;
  /** Environment variables read by src/config.ts (TEMPORAL_ADDRESS, SMTP_URL, WORKER_MAX_CACHED_WORKFLOWS, ...). */
  env: Record<string, string>;
  /** Extra Node flags, e.g. --cpu-prof. */
  nodeArgs?: string[];
  readyTimeoutMs?: number;
}

export async function startAfterwardChild({
  eager,
  env,
  nodeArgs = [],
  readyTimeoutMs = 60_000,
}: AfterwardChildOptions): Promise<AfterwardChild> {
  const entry = path.join(__dirname, 'afterward-process.ts');
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', entry], {
    // Only what the bench sets, so a TEMPORAL_* or SMTP_* in the caller's shell cannot change what is measured.
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      TMPDIR: os.tmpdir(),
      ...env,
      EAGER_EXECUTION: String(eager),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const apiUrl = await nextMessage(child, 'ready', readyTimeoutMs).then(
    (m) => (m as Extract<FromChild, { type: 'ready' }>).apiUrl,
    (err: Error) => {
      child.kill('SIGKILL');
      throw err;
    },
  );
  const send = (message: ToChild): void => void child.send(message);
  return {
    apiUrl,
    pid: child.pid!,
    async status() {
      const reply = nextMessage(child, 'status', 10_000);
      send({ type: 'status' });
      const { type: _type, ...status } = (await reply) as Extract<FromChild, { type: 'status' }>;
      return status;
    },
    async stop() {
      if (child.exitCode !== null) return;
      send({ type: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

function nextMessage(child: ChildProcess, type: FromChild['type'], timeoutMs: number): Promise<FromChild> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: FromChild): void => {
      if (message.type !== type) return;
      cleanup();
      resolve(message);
    };
    const onExit = (code: number | null): void => {
      cleanup();
      reject(new Error(`the Afterward bench process exited (code ${code}) before it sent '${type}'`));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`the Afterward bench process sent no '${type}' within ${timeoutMs} ms`));
    }, timeoutMs);
    const cleanup = (): void => {
      clearTimeout(timer);
      child.off('message', onMessage).off('exit', onExit);
    };
    child.on('message', onMessage).once('exit', onExit);
  });
}
