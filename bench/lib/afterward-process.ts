// Afterward as the benchmarks run it: API and worker in one process (role `all`, as `npm start`),
// built from the same pieces as src/main.ts and configured through the same environment variables.
// `--eager` shares the worker's NativeConnection with the API's client and asks for eager workflow
// starts (and leaves eager activity execution on); without it the client has its own gRPC
// connection, as in main.ts, and eager activities are off, as on a default Temporal server.
// Talks to its parent over IPC: { type: 'ready' | 'status' } out, { type: 'status' | 'stop' } in.
import type { AddressInfo } from 'node:net';
import { Client, type WorkflowClientInterceptor } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { loadConfig } from '../../src/config';
import { createApp } from '../../src/http/app';
import { createJobLinks } from '../../src/jobs/job-links';
import { createLogger } from '../../src/logger';
import { openStore } from '../../src/store/open-store';
import { connectClient } from '../../src/temporal/connection';
import { checkReadiness } from '../../src/temporal/readiness';
import { installRuntimeLogger } from '../../src/temporal/runtime-logger';
import { startWorker } from '../../src/worker';

export interface ChildStatus {
  rssBytes: number;
  cachedWorkflows: number;
  eagerStarts: number;
}

export type ToChild = { type: 'status' } | { type: 'stop' };
export type FromChild = { type: 'ready'; apiUrl: string } | ({ type: 'status' } & ChildStatus);

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const t = config.temporal;
  const address = t.address!;
  const eager = process.argv.includes('--eager');
  let eagerStarts = 0;
  const requestEagerStart: WorkflowClientInterceptor = {
    async startWithDetails(input, next) {
      const output = await next({ ...input, options: { ...input.options, requestEagerStart: true } });
      if (output.eagerlyStarted) eagerStarts++;
      return output;
    },
  };
  installRuntimeLogger(logger);
  const shared = eager ? await NativeConnection.connect({ address }) : undefined;
  const client = shared
    ? new Client({ connection: shared, namespace: t.namespace, interceptors: { workflow: [requestEagerStart] } })
    : await connectClient({ ...t, address });
  const store = await openStore(config.databaseUrl, logger);
  // With a shared connection, startWorker's own connection stays idle: Worker.create takes `connection` from the overrides.
  const worker = await startWorker(config, { address, smtpUrl: config.smtp.url!, store }, shared ? { connection: shared } : { maxEagerActivityReservationsPerWorkflowTask: 0 });
  const links = createJobLinks({ publicUrl: config.http.publicUrl, temporalUiUrl: t.uiUrl, namespace: t.namespace });
  const app = createApp({ ...config, client, taskQueue: t.taskQueue, links, logger, readiness: () => checkReadiness(client, t.taskQueue, 1500), store });
  const server = app.listen(config.http.port, config.http.host);
  await new Promise((resolve, reject) => server.once('listening', resolve).once('error', reject));
  const send = (message: FromChild): void => void process.send!(message);

  process.on('message', (message: ToChild) => {
    if (message.type === 'status') {
      send({ type: 'status', rssBytes: process.memoryUsage.rss(), cachedWorkflows: worker.worker.getStatus().numCachedWorkflows, eagerStarts });
      return;
    }
    void (async () => {
      await new Promise((resolve) => server.close(resolve).closeIdleConnections());
      await worker.close();
      await store.close();
      await client.connection.close();
      process.exit(0);
    })();
  });
  process.on('disconnect', () => process.exit(1));
  worker.running.catch((err: Error) => {
    logger.error({ err }, 'worker failed');
    process.exit(1);
  });
  send({ type: 'ready', apiUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
}

main().catch((err: Error) => {
  console.error(`afterward bench process failed: ${err.message}`);
  process.exit(1);
});
