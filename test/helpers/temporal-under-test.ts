// A Temporal server that a fault test can kill and bring back: the harness in test/faults runs against any
// implementation (a dev server process here, the PostgreSQL cluster of test/cluster).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findTemporalCli } from '../../src/temporal/cli-binary';
import { type DevServer, startDevServer } from '../../src/temporal/dev-server';
import { freePort } from './free-port';

export interface TemporalUnderTest {
  /** host:port the api and worker processes connect to. */
  address: string;
  namespace: string;
  /** SIGKILLs the server process: no shutdown, whatever it had not written is lost. */
  kill9(): Promise<void>;
  /** Starts the server again on the same database and port; resolves once it serves the namespace. */
  restart(): Promise<void>;
  /** Stops the server and removes its state. */
  stop(): Promise<void>;
}

/**
 * A standalone `temporal server start-dev` on free ports, its state in a SQLite file so that it survives
 * kill -9, with the job search attributes registered as the embedded server registers them.
 */
export async function startDevServerProcess(): Promise<TemporalUnderTest> {
  const binary = findTemporalCli(process.env.AFTERWARD_TEST_TEMPORAL_CLI);
  if (!binary) throw new Error('no temporal CLI in .temporal/bin or on PATH: run `npm run temporal:install` first');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'afterward-faults-temporal-'));
  const options = {
    binary,
    port: await freePort(),
    uiPort: 0,
    headless: true,
    dbFile: path.join(dir, 'temporal.db'),
    namespace: 'default',
    log: () => undefined,
  };
  let server: DevServer | undefined = await startDevServer(options);
  return {
    address: server.address,
    namespace: options.namespace,
    async kill9() {
      process.kill(server!.pid, 'SIGKILL');
      // The process is already dead: stop() only waits until it has been reaped.
      await server!.stop();
      server = undefined;
    },
    async restart() {
      if (server) throw new Error('restart() is for a killed server; this one still runs');
      server = await startDevServer(options);
    },
    async stop() {
      await server?.stop();
      server = undefined;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
