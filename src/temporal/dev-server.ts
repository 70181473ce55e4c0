import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { JOB_SEARCH_ATTRIBUTES } from '../../workflows/shared/search-attributes';
import { type DevServerEnvFile, writeDevServerEnvFile } from './dev-server-env-file';

export interface DevServerOptions {
  binary: string;
  ip?: string;
  port: number;
  uiPort: number;
  /** Undefined keeps state in memory (tests that do not restart the server). */
  dbFile?: string;
  namespace: string;
  headless?: boolean;
  /** The codec endpoint the Web UI should use to show decoded payloads. */
  uiCodecEndpoint?: string;
  /** More dynamic config, e.g. `{ 'system.enableActivityEagerExecution': true }` for the benchmarks. */
  dynamicConfig?: Record<string, string | number | boolean>;
  log: (line: string) => void;
  readyTimeoutMs?: number;
}

export interface DevServer {
  address: string;
  uiUrl: string;
  pid: number;
  stop(): Promise<void>;
}

/** Command-line flags for `temporal server start-dev`; exported so tests can assert on them. */
export function devServerArgs(
  o: Omit<DevServerOptions, 'binary' | 'log' | 'uiCodecEndpoint'> & StateArgsOptions,
): string[] {
  const args = [
    'server',
    'start-dev',
    '--ip',
    o.ip ?? '127.0.0.1',
    '--port',
    String(o.port),
    '--namespace',
    o.namespace,
    '--log-level',
    'warn',
  ];
  if (o.headless) args.push('--headless');
  else args.push('--ui-port', String(o.uiPort));
  return [...args, ...devServerStateArgs(o)];
}

interface StateArgsOptions extends Pick<DevServerOptions, 'dbFile' | 'dynamicConfig'> {
  /** The settings file with the flags that carry secrets (see writeDevServerEnvFile). */
  envFile?: DevServerEnvFile;
}

/** The secret flags of these options, for writeDevServerEnvFile: never passed on the command line. */
export function devServerSecretFlags(o: Pick<DevServerOptions, 'uiCodecEndpoint'>): Record<string, string> {
  return o.uiCodecEndpoint ? { 'ui-codec-endpoint': o.uiCodecEndpoint } : {};
}

/** The flags that shape the server's state and features, also handed to the SDK-downloaded server. */
export function devServerStateArgs(o: StateArgsOptions): string[] {
  const args: string[] = [...(o.envFile?.args ?? [])];
  if (o.dbFile) {
    // A plain rollback-journal file is too slow for Temporal's write pattern; WAL is what Temporal's SDK CI uses.
    args.push(
      '--db-filename',
      o.dbFile,
      '--sqlite-pragma',
      'journal_mode=wal',
      '--sqlite-pragma',
      'synchronous=normal',
    );
  }
  for (const key of JOB_SEARCH_ATTRIBUTES)
    args.push('--search-attribute', `${key.name}=${searchAttributeFlagType(key.type)}`);
  // Task priority is served by the new matcher on server 1.29.
  args.push('--dynamic-config-value', 'matching.useNewMatcher=true');
  for (const [key, value] of Object.entries(o.dynamicConfig ?? {}))
    args.push('--dynamic-config-value', `${key}=${JSON.stringify(value)}`);
  return args;
}

function searchAttributeFlagType(type: string): string {
  return type === 'KEYWORD_LIST' ? 'KeywordList' : type.charAt(0) + type.slice(1).toLowerCase();
}

export async function isPortInUse(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const ip = options.ip ?? '127.0.0.1';
  const address = `${ip}:${options.port}`;
  if (await isPortInUse(options.port, ip)) {
    throw new Error(
      `port ${options.port} is already in use: set TEMPORAL_ADDRESS=${address} to use the server there, or TEMPORAL_DEV_PORT to pick another port`,
    );
  }
  if (options.dbFile) fs.mkdirSync(path.dirname(options.dbFile), { recursive: true });
  const envFile = writeDevServerEnvFile(devServerSecretFlags(options));
  const child = spawn(options.binary, devServerArgs({ ...options, envFile }), { stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const remember = (chunk: Buffer): void => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) {
      output.push(line);
      if (output.length > 50) output.shift();
    }
  };
  child.stdout!.on('data', remember);
  child.stderr!.on('data', remember);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const killOnExit = (): void => void child.kill('SIGKILL');
  process.once('exit', killOnExit);

  try {
    await waitUntilServing(address, options.namespace, exited, options.readyTimeoutMs ?? 60_000);
  } catch (err) {
    child.kill('SIGKILL');
    throw new Error(`${(err as Error).message}\n${output.join('\n')}`);
  } finally {
    // The CLI reads its settings file once, as it starts: a serving server no longer needs it on disk.
    envFile?.remove();
  }
  options.log(
    `Temporal dev server on ${address}, Web UI ${options.headless ? 'off' : `http://localhost:${options.uiPort}`}`,
  );
  return {
    address,
    uiUrl: `http://localhost:${options.uiPort}`,
    pid: child.pid!,
    stop: async () => {
      process.removeListener('exit', killOnExit);
      await stopChild(child, exited);
    },
  };
}

async function waitUntilServing(
  address: string,
  namespace: string,
  exited: Promise<number | null>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code ?? -1));
  let lastError = '';
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`temporal dev server exited with code ${exitCode} before it was ready`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.describeNamespace({ namespace });
        return;
      } finally {
        await connection.close();
      }
    } catch (err) {
      lastError = (err as Error).message;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`temporal dev server not ready on ${address} after ${timeoutMs} ms: ${lastError}`);
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
