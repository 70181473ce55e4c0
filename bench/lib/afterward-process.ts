// Afterward as the benchmarks run it: API and worker in one process (role `all`, as `npm start`),
// built from the same pieces as src/main.ts and configured through the same environment variables.
// EAGER_EXECUTION=true takes main.ts's path (src/temporal/eager-execution.ts): the API's client shares
// the worker's NativeConnection and asks for eager workflow starts, and the worker takes eager
// activities; without it the client has its own gRPC connection and the worker takes no eager activities.
// Talks to its parent over IPC: { type: 'ready' | 'status' } out, { type: 'status' | 'stop' } in.
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../src/config';
import { createApp } from '../../src/http/app';
import { createJobLinks } from '../../src/jobs/job-links';
import { createLogger } from '../../src/logger';
import { openStore } from '../../src/store/open-store';
import { connectApiTemporal } from '../../src/temporal/eager-execution';
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
  installRuntimeLogger(logger);
  const { client, sharedConnection, eagerStarts } = await connectApiTemporal(config, address);
  const store = await openStore(config.databaseUrl, logger);
  const worker = await startWorker(config, { address, smtpUrl: config.smtp.url!, store, sharedConnection });
  const links = createJobLinks({ publicUrl: config.http.publicUrl, temporalUiUrl: t.uiUrl, namespace: t.namespace });
  const app = createApp({
    ...config,
    client,
    taskQueue: t.taskQueue,
    links,
    logger,
    readiness: () => checkReadiness(client, t.taskQueue, 1500),
    store,
  });
  const server = app.listen(config.http.port, config.http.host);
  await new Promise((resolve, reject) => server.once('listening', resolve).once('error', reject));
  const send = (message: FromChild): void => void process.send!(message);

  process.on('message', (message: ToChild) => {
    if (message.type === 'status') {
      send({
        type: 'status',
        rssBytes: process.memoryUsage.rss(),
        cachedWorkflows: worker.worker.getStatus().numCachedWorkflows,
        eagerStarts: eagerStarts?.counts().eager ?? 0,
      });
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
