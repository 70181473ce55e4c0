// A real Temporal server (temporal-server v1.29.1, all four services in one process, as the release
// binary runs them) on PostgreSQL: the cluster Afterward is deployed on, for tests and the benchmark.
// Its databases are fresh ones on the suite's PostgreSQL; its log goes to a temp file whose tail every
// failure quotes.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import ms from 'ms';
import { ensureServerBinaries, serverModuleDir } from '../../src/temporal/cluster/server-binaries';
import { clusterSettings } from '../../src/temporal/cluster/settings';
import { testPostgresUrl } from '../helpers/postgres';
import { waitFor } from '../helpers/wait-for';
import { clusterConfig, freeClusterPorts } from './cluster-config';
import { createClusterDatabases, dropClusterDatabases } from './cluster-databases';
import type { TemporalUnderTest } from '../helpers/temporal-under-test';

/** The cluster is a server the fault tests can kill and restart (stop also drops its databases). */
export type TestCluster = TemporalUnderTest;

export interface TestClusterOptions {
  /** PostgreSQL server to make the databases on; default the suite's (AFTERWARD_TEST_DATABASE_URL). */
  postgresUrl?: string;
  log?: (line: string) => void;
}

const CONFIG_ENV = 'afterward';
/** A start takes 1–2 s on a quiet machine; a loaded one may take many times that. */
const SERVE_TIMEOUT_MS = 90_000;
const STOP_GRACE_MS = 10_000;

export async function startTestCluster(options: TestClusterOptions = {}): Promise<TestCluster> {
  const log = options.log ?? (() => undefined);
  const postgresUrl = options.postgresUrl ?? testPostgresUrl();
  const started = Date.now();
  const since = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  const { server, sqlTool } = await ensureServerBinaries(log);
  const moduleDir = serverModuleDir();
  const databases = await createClusterDatabases(sqlTool, moduleDir, postgresUrl);
  log(`cluster databases ${databases.main}, ${databases.visibility} set up (${since()})`);
  const ports = await freeClusterPorts();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'afterward-cluster-'));
  fs.mkdirSync(path.join(root, 'config'));
  fs.writeFileSync(path.join(root, 'config', `${CONFIG_ENV}.yaml`), clusterConfig(moduleDir, ports, databases));
  const logFile = path.join(root, 'server.log');
  const address = `127.0.0.1:${ports.grpc.frontend}`;
  const { namespace } = clusterSettings;

  let child: ChildProcess | undefined;
  const killOnExit = () => child?.kill('SIGKILL');
  process.once('exit', killOnExit);
  // The server logs JSON lines with Go stack traces: the last lines, each cut short, say what went wrong.
  const tail = () =>
    fs
      .readFileSync(logFile, 'utf8')
      .split('\n')
      .slice(-25)
      .map((line) => line.slice(0, 400))
      .join('\n');
  const failed = (what: string, err: unknown) =>
    new Error(`${what}: ${(err as Error).message}\nend of ${logFile}:\n${tail()}`, { cause: err });

  const args = ['--root', root, '--config', 'config', '--env', CONFIG_ENV, '--allow-no-auth', 'start'];
  log(`config ${path.join(root, 'config', `${CONFIG_ENV}.yaml`)}, log ${logFile}; ${server} ${args.join(' ')}`);
  const launch = async (): Promise<void> => {
    const out = fs.openSync(logFile, 'a');
    child = spawn(server, args, { stdio: ['ignore', out, out] });
    fs.closeSync(out);
    const exited = new Promise<never>((_, reject) =>
      child!.once('exit', (code, signal) => reject(new Error(`temporal-server exited (${code ?? signal})`))),
    );
    await Promise.race([waitUntilServing(address), exited]);
  };
  const kill = async (signal: NodeJS.Signals): Promise<void> => {
    const running = child;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const gone = new Promise((resolve) => running.once('exit', resolve));
    running.kill(signal);
    const timer = setTimeout(() => running.kill('SIGKILL'), STOP_GRACE_MS);
    await gone;
    clearTimeout(timer);
  };
  const cleanUp = async () => {
    await kill('SIGTERM');
    process.removeListener('exit', killOnExit);
    await dropClusterDatabases(postgresUrl, databases);
    fs.rmSync(root, { recursive: true, force: true });
  };

  try {
    await launch();
    log(`temporal-server serving on ${address} (${since()})`);
    await registerNamespace(address, namespace, ms(clusterSettings.namespaceRetention));
    log(`namespace ${namespace} registered (${since()})`);
  } catch (err) {
    const error = failed('the test cluster did not start', err);
    await cleanUp();
    throw error;
  }
  return {
    address,
    namespace,
    kill9: () => kill('SIGKILL'),
    async restart() {
      await kill('SIGTERM');
      await launch().catch((err) => {
        throw failed('the test cluster did not restart', err);
      });
    },
    stop: cleanUp,
  };
}

/** Until the frontend answers and its system namespace is readable: membership joined and persistence reachable. */
async function waitUntilServing(address: string): Promise<void> {
  await waitFor(
    async () => {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.describeNamespace({ namespace: 'temporal-system' });
        return true;
      } finally {
        await connection.close();
      }
    },
    { timeoutMs: SERVE_TIMEOUT_MS, intervalMs: 250, what: `temporal-server to serve on ${address}` },
  );
}

/** Registers `namespace` and waits until the frontend serves it (its namespace cache reads it through). */
async function registerNamespace(address: string, namespace: string, retentionMs: number): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    await connection.workflowService.registerNamespace({
      namespace,
      workflowExecutionRetentionPeriod: msToTs(retentionMs),
    });
    await waitFor(
      async () => {
        await connection.workflowService.listWorkflowExecutions({ namespace, pageSize: 1 });
        return true;
      },
      { timeoutMs: 30_000, intervalMs: 250, what: `namespace ${namespace} to be served` },
    );
  } finally {
    await connection.close();
  }
}
