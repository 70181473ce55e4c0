import type { Server } from 'node:http';
import { sqliteFilePath } from '../activities/store';
import { ConfigError, loadConfig } from './config';
import { loadEnvFile } from './config/env-file';
import { createApp } from './http/app';
import { listen } from './http/listen';
import { createJobLinks } from './jobs/job-links';
import { processLogger } from './logger';
import { createProcessMetrics } from './observability/process-metrics';
import { createWorkerHttpApp } from './observability/worker-http';
import { scheduledJobKinds } from './schedules/job-kinds';
import { applySchedules, loadSchedulesFile } from './schedules/schedules-file';
import { type OutboxServer, startOutboxServer } from './mail/outbox-server';
import { authAtStart } from './security/api-keys-file';
import { secureLocalState } from './security/private-state';
import { taskSigningAtStart } from './tasks/signing-secret-at-start';
import { applyTaskTypes, loadTaskTypesFile } from './tasks/task-types-file';
import { openStore } from './store/open-store';
import type { DevServer } from './temporal/dev-server';
import { connectApiTemporal } from './temporal/eager-execution';
import { startEmbeddedServer } from './temporal/embedded-server';
import { checkReadiness } from './temporal/readiness';
import { installRuntimeLogger } from './temporal/runtime-logger';
import { PLAINTEXT_STATE_WARNING, createPayloadCodec } from './temporal/payload-codec';
import { endLiveStreams } from './dashboard/live-stream';
import { ensureSearchAttributes } from './temporal/search-attributes';
import { type FirstKey, firstKeyLines, firstTaskSecretLines, startBanner } from './start-banner';
import { type StartedWorker, startWorker } from './worker';

/** The API key made by this start, until the start banner shows it (or a failed start prints it). */
let unshownKey: FirstKey | undefined;
/** Likewise the task signing secret made by this start. */
let unshownTaskSecret: string | undefined;

async function main(): Promise<void> {
  // Before the configuration is read: the environment's own variables win over the file's.
  const envFile = loadEnvFile();
  const config = loadConfig();
  const logger = processLogger(config);
  if (envFile?.names.length) logger.info({ envFile: envFile.file, variables: envFile.names }, 'read the env file');
  secureLocalState({ dataDir: config.dataDir, sqliteFile: sqliteFilePath(config.databaseUrl) }, logger);
  const t = config.temporal;
  const kinds = scheduledJobKinds(config);
  // Read before anything starts, so a bad schedules or task types file fails at once with one line.
  const schedules = config.role === 'worker' ? undefined : loadSchedulesFile(config.schedules, kinds);
  const taskTypes = config.role === 'worker' ? undefined : loadTaskTypesFile(config.tasks);
  if (config.eagerExecution && config.role !== 'all')
    logger.warn(
      { role: config.role },
      'EAGER_EXECUTION has no effect in this role: it needs the API and the worker in one process (role all)',
    );
  const devServer: DevServer | undefined =
    !t.address && config.role === 'all' ? await startEmbeddedServer(config, logger) : undefined;
  const address = t.address ?? devServer?.address ?? `127.0.0.1:${t.devServer.port}`;
  // Before the first NativeConnection (the worker's, or the one EAGER_EXECUTION shares): it creates the SDK's runtime.
  if (config.role !== 'api') installRuntimeLogger(logger, config.worker.metricsAddress);
  const { client, sharedConnection, eagerStarts } = await connectApiTemporal(config, address);
  // The embedded dev server too: its flags register attributes only in a new database, not in one an older
  // version left in the data dir.
  const added = await ensureSearchAttributes(client, t.namespace).catch((err: Error) =>
    logger.warn({ err }, 'could not register search attributes; add them to the namespace by hand'),
  );
  if (added?.length) logger.info({ added }, 'registered search attributes');
  // One registry for GET /metrics: in role `all` the API's metrics and the worker's, together.
  const metrics = createProcessMetrics();
  const store = await openStore(config.databaseUrl, logger, { payloadKeys: t.payloadKeys });
  if (!t.payloadKeys) logger.warn(PLAINTEXT_STATE_WARNING);
  // Before the worker starts, so that its first look finds them (and it never makes the secret unannounced).
  if (taskTypes) await applyTaskTypes({ store: store.taskTypes, logger }, taskTypes);
  if (config.role !== 'worker') unshownTaskSecret = await taskSigningAtStart(config.tasks, store.taskSigning, logger);

  let worker: StartedWorker | undefined;
  let outbox: OutboxServer | undefined;
  if (config.role !== 'api') {
    if (!config.smtp.url) {
      outbox = await startOutboxServer({ dir: config.smtp.outboxDir });
      logger.info({ outbox: config.smtp.outboxDir }, 'no SMTP_URL: capturing mail as .eml files in the local outbox');
    }
    worker = await startWorker(config, {
      address,
      smtpUrl: config.smtp.url ?? outbox!.url,
      store,
      sharedConnection,
      logger,
      metrics,
    });
  }
  let server: Server;
  const readiness = () => checkReadiness(client, t.taskQueue, 1500);
  if (config.role === 'worker') server = await listen(createWorkerHttpApp(metrics.registry, readiness), config.http);
  else {
    if (schedules) await applySchedules({ client, taskQueue: t.taskQueue, kinds, logger }, schedules);
    const links = createJobLinks({
      publicUrl: config.http.publicUrl,
      temporalUiUrl: devServer?.uiUrl ?? t.uiUrl,
      namespace: t.namespace,
    });
    const codec = { codec: createPayloadCodec(t.payloadKeys), uiOrigin: new URL(devServer?.uiUrl ?? t.uiUrl).origin };
    const app = createApp({
      client,
      taskQueue: t.taskQueue,
      links,
      logger,
      readiness,
      email: config.email,
      audit: config.audit,
      webhooks: config.webhooks,
      tasks: config.tasks,
      store,
      maxBodyBytes: config.http.maxBodyBytes,
      auth: authAtStart(config.auth, logger, (key, file) => {
        unshownKey = { key, file };
      }),
      codec,
      dashboard: {
        sessionMs: config.auth.dashboardSessionMs,
        secure: new URL(config.http.publicUrl).protocol === 'https:',
        publicOrigin: new URL(config.http.publicUrl).origin,
        temporalUiUrl: devServer?.uiUrl ?? t.uiUrl,
      },
      metrics: eagerStarts && [eagerStarts.metric],
      processMetrics: metrics,
    });
    server = await listen(app, config.http);
  }
  logger.info(
    {
      role: config.role,
      api: config.role === 'worker' ? undefined : config.http.publicUrl,
      sdkMetrics: config.role === 'api' ? undefined : config.worker.metricsAddress,
      temporal: address,
      ui: devServer?.uiUrl ?? t.uiUrl,
      eagerExecution: Boolean(sharedConnection),
    },
    'Afterward is running',
  );
  if (config.role !== 'worker') {
    // On stderr, so stdout stays log lines only; the key goes to no logger, whose lines may ship to a log store.
    process.stderr.write(
      startBanner({
        role: config.role,
        apiUrl: config.http.publicUrl,
        temporalUiUrl: devServer?.uiUrl ?? (t.address && !t.uiUrlSet ? undefined : t.uiUrl),
        sdkMetricsAddress: config.role === 'all' ? config.worker.metricsAddress : undefined,
        authDisabled: config.auth.disabled,
        firstKey: unshownKey,
        firstTaskSecret: unshownTaskSecret,
      }),
    );
    unshownKey = undefined;
    unshownTaskSecret = undefined;
  }

  // Shutdown order: stop accepting requests, drain the worker, close connections, stop the dev server last.
  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return void logger.warn('second signal: exiting now');
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const closed = new Promise((resolve) => server.close(resolve).closeIdleConnections());
    endLiveStreams();
    await closed;
    await worker?.close();
    await outbox?.close();
    await store.close();
    await client.connection.close();
    await devServer?.stop();
    logger.info('stopped');
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(
      signal,
      () =>
        void shutdown(signal).then(
          () => process.exit(0),
          (err) => fail(err),
        ),
    );
  }
  worker?.running.catch((err) => fail(err));
}

function fail(err: unknown): never {
  const message =
    err instanceof ConfigError ? err.message : `afterward failed to start: ${(err as Error)?.message ?? err}`;
  // A key made before the failure is in no file: this is its only showing.
  if (unshownKey) console.error(firstKeyLines(unshownKey).join('\n'));
  if (unshownTaskSecret) console.error(firstTaskSecretLines(unshownTaskSecret).join('\n'));
  console.error(message.split('\n')[0]);
  process.exit(1);
}

main().catch(fail);
