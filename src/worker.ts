import os from 'node:os';
import { Client } from '@temporalio/client';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities } from '../activities';
import { createMailTransport } from '../activities/mail-transport';
import { createWebhookHttpClient, type WebhookHttpClient } from '../activities/webhooks';
import { taskSigningSecrets } from '../activities/tasks';
import type { CallTaskInput } from '../activities/tasks';
import { createTaskHttpClient } from '../activities/tasks';
import { kindTaskQueue } from '../workflows/shared/task-queue';
import { createJobEventActivities } from './jobs/job-events-activities';
import { JOB_KINDS } from './kinds';
import type { Config, WebhookConfig } from './config';
import { createJobSinks } from './observability/job-sinks';
import { createProcessMetrics, type ProcessMetrics } from './observability/process-metrics';
import { workerInterceptors } from './observability/worker-interceptors';
import type { Logger } from './logger';
import type { Store } from './store/open-store';
import { createTypeWorkers, type TypeWorkers } from './tasks/type-workers';
import { connectionSecurity } from './temporal/connection';
import { payloadCodecs } from './temporal/payload-codec';
import { workflowBundle } from './temporal/workflow-code';

export interface StartedWorker {
  /** Workflows and every activity, on the task queue. */
  worker: Worker;
  /** One activity-only worker per rate-limited kind, on the kind's queue (`<task queue>-email`, …). */
  kindWorkers: Record<string, Worker>;
  /** One activity-only worker per task type, on the type's queue (`<task queue>-task-<name>`). */
  typeWorkers: TypeWorkers;
  /** Resolves when every worker has drained and stopped; rejects if one crashed. */
  running: Promise<void>;
  close(): Promise<void>;
}

/** One keep-alive pool per worker; WEBHOOK_TIMEOUT bounds the whole attempt and each of its phases. */
export function createWebhookClient(w: WebhookConfig): WebhookHttpClient {
  return createWebhookHttpClient({
    allow: w.allowList,
    attemptTimeoutMs: w.timeoutMs,
    headersTimeoutMs: w.timeoutMs,
    bodyTimeoutMs: w.timeoutMs,
  });
}

export function workerIdentity(): string {
  return `${process.pid}@${os.hostname()}`;
}

/** Real dependencies → activities → a worker polling the configured task queue. */
export interface WorkerDeps {
  address: string;
  smtpUrl: string;
  store: Store;
  /**
   * The API client's NativeConnection (EAGER_EXECUTION in role `all`): the workers use it, so the server can hand
   * them eager workflow starts, take eager activities, and leave it open at close. Without it: a connection of their own.
   */
  sharedConnection?: NativeConnection;
  /** Where a failed refresh of the task types is reported (the workers keep polling what they have). */
  logger?: Logger;
  /** Where the job metrics go (the process's GET /metrics); absent: a registry nobody serves. */
  metrics?: ProcessMetrics;
}

export async function startWorker(
  config: Config,
  { address, smtpUrl, store, sharedConnection, logger, metrics = createProcessMetrics() }: WorkerDeps,
  extra: Partial<WorkerOptions> = {},
): Promise<StartedWorker> {
  const t = config.temporal;
  const connection = sharedConnection ?? (await NativeConnection.connect({ address, ...connectionSecurity(t) }));
  const identity = workerIdentity();
  const interceptors = workerInterceptors(metrics.jobs);
  // The job metrics' sinks and the job events read the histories of jobs whose attempts are their activities' retries.
  const historyClient = new Client({ connection, namespace: t.namespace });
  const transport = createMailTransport({
    url: smtpUrl,
    tls: { rejectUnauthorized: config.smtp.tlsRejectUnauthorized },
    pool: { maxConnections: config.smtp.maxConnections, maxMessages: 100 },
    timeouts: config.smtp.timeouts,
  });
  const webhookClient = createWebhookClient(config.webhooks);
  const taskClient = createTaskHttpClient(config.tasks);
  const typeWorkers = createTypeWorkers({
    connection,
    taskQueue: t.taskQueue,
    // The same callTask as the main worker's (defined just below; Workers are made only once it is).
    base: {
      namespace: t.namespace,
      identity,
      dataConverter: payloadCodecs(t.payloadKeys),
      interceptors: { activity: interceptors.activity },
      activities: { callTask: (input: CallTaskInput) => activities.callTask(input) },
      shutdownGraceTime: config.worker.shutdownGraceMs,
    },
    defaultConcurrency: config.worker.maxConcurrentActivities,
    logger,
  });
  const activities = createActivities({
    workerIdentity: identity,
    email: { transport, defaultFrom: config.email.defaultFrom },
    emailBatches: store.emailBatches,
    audit: { store: store.audit },
    webhooks: {
      client: webhookClient,
      endpoints: store.webhookEndpoints,
      audit: store.audit,
      disableAfterMs: config.webhooks.disableAfterMs,
    },
    tasks: {
      client: taskClient,
      types: store.taskTypes,
      secrets: async () => (await taskSigningSecrets(config.tasks, store.taskSigning)).secrets,
      allowedOrigins: config.tasks.allowedOrigins,
      taskQueue: t.taskQueue,
      onTypeSeen: (type) => typeWorkers.ensure(type),
    },
  });
  const worker = await Worker.create({
    connection,
    namespace: t.namespace,
    taskQueue: t.taskQueue,
    identity,
    workflowBundle: await workflowBundle(logger),
    // The same codec as the client's: encrypted payloads in, encrypted results out.
    dataConverter: payloadCodecs(t.payloadKeys),
    interceptors,
    // Job metrics from the workflows' interceptor; sinks add nothing to their histories.
    sinks: createJobSinks({ metrics: metrics.jobs, client: historyClient, logger }),
    // All of them, the kinds' too: jobs accepted without a kind limit run their activities here; and job events'.
    activities: {
      ...activities,
      ...createJobEventActivities({
        client: historyClient,
        endpoints: store.webhookEndpoints,
        webhooks: config.webhooks,
      }),
    },
    maxConcurrentActivityTaskExecutions: config.worker.maxConcurrentActivities,
    // Enforced by the server across every worker on the task queue, not per process.
    maxTaskQueueActivitiesPerSecond: config.worker.taskQueueActivitiesPerSecond,
    maxCachedWorkflows: config.worker.maxCachedWorkflows,
    // Eager activities skip the task queue, and with it priority and its rate limit (the server does not count
    // them against it): only with EAGER_EXECUTION, and never while the task queue has a limit.
    maxEagerActivityReservationsPerWorkflowTask:
      sharedConnection && !config.worker.taskQueueActivitiesPerSecond ? undefined : 0,
    // The SDK's default of 0 cancels every in-flight activity at once on shutdown; let them finish.
    shutdownGraceTime: config.worker.shutdownGraceMs,
    ...extra,
  });
  // Every kind queue is polled whether or not its kind has a limit: jobs and schedules accepted while
  // it had one keep sending their activities there, and must never wait for a worker that is not coming.
  // Without a limit the poll carries none, and the server drops the one an earlier worker set.
  const kindWorkers: Record<string, Worker> = {};
  for (const kind of JOB_KINDS.filter((k) => k.rateLimit)) {
    kindWorkers[kind.name] = await Worker.create({
      connection,
      namespace: t.namespace,
      taskQueue: kindTaskQueue(t.taskQueue, kind.name),
      identity,
      dataConverter: payloadCodecs(t.payloadKeys),
      interceptors: { activity: interceptors.activity },
      activities: Object.fromEntries(
        kind.attemptActivities.map((name) => [name, activities[name as keyof typeof activities]]),
      ),
      // Slots of its own: a burst of one kind cannot take every slot of the main queue, nor the reverse.
      maxConcurrentActivityTaskExecutions: config.worker.maxConcurrentActivities,
      // Enforced by the server across every worker polling the kind's queue.
      maxTaskQueueActivitiesPerSecond: kind.rateLimit!(config),
      shutdownGraceTime: config.worker.shutdownGraceMs,
    });
  }
  const refreshTypes = () => store.taskTypes.list().then((types) => typeWorkers.refresh(types));
  await refreshTypes();
  const refresher = setInterval(
    () => void refreshTypes().catch((err: unknown) => logger?.warn({ err }, 'task types not refreshed; trying again')),
    config.tasks.refreshMs,
  );
  const workers = [worker, ...Object.values(kindWorkers)];
  const runs = workers.map((w) => w.run());
  return {
    worker,
    kindWorkers,
    typeWorkers,
    running: Promise.race([Promise.all(runs), typeWorkers.crashed]).then(() => undefined),
    close: async () => {
      clearInterval(refresher);
      // All at once: each lets its in-flight activities finish within WORKER_SHUTDOWN_GRACE.
      for (const w of workers) if (w.getState() === 'RUNNING') w.shutdown();
      const stopped = await Promise.allSettled([...runs, typeWorkers.close()]);
      transport.close();
      await webhookClient.close();
      await taskClient.close();
      if (!sharedConnection) await connection.close();
      const crashed = stopped.find((s) => s.status === 'rejected');
      if (crashed) throw crashed.reason;
    },
  };
}
