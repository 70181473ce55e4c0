import type { Client } from '@temporalio/client';
import Koa from 'koa';
import type { Metric } from 'prom-client';
import { createAuditRecorder } from '../audit/audit-recorder';
import type { AuditConfig, AuthConfig, EmailConfig, TaskConfig, WebhookConfig } from '../config';
import type { JobLinkBuilder } from '../jobs/job-view';
import type { Logger } from '../logger';
import { JOB_KINDS } from '../kinds';
import type { Store } from '../store/open-store';
import { registerAuditMetrics } from '../observability/audit-metrics';
import { registerEndpointMetrics } from '../observability/endpoint-metrics';
import { httpMetrics } from '../observability/http-metrics';
import { createProcessMetrics, type ProcessMetrics } from '../observability/process-metrics';
import { registerScheduleMetrics } from '../observability/schedule-metrics';
import type { Readiness } from '../temporal/readiness';
import { authorize } from './middleware/authorize';
import { jsonBodies, jsonBodiesOnly } from './middleware/json-bodies';
import { problemDetails } from './middleware/problem-details';
import { rateLimit } from './middleware/rate-limit';
import { strictQuery } from './middleware/strict-query';
import { requestContext } from './middleware/request-context';
import { createApiDocsRouter } from './routes/api-docs';
import { type CodecDeps, codecCors, createCodecRouter } from './routes/codec';
import { createAuditEventsRouter } from './routes/audit-events';
import { createEmailsRouter } from './routes/emails';
import { createEmailTemplatesRouter } from './routes/email-templates';
import { createEmailBatchesRouter } from './routes/email-batches';
import { createHealthRouter } from './routes/health';
import { createJobControlRouter } from './routes/job-control';
import { createJobListRouter } from './routes/job-list';
import { createJobStartsRouter } from './routes/job-starts';
import { createTaskCompletionRouter } from './routes/task-completion';
import { createJobsRouter } from './routes/jobs';
import { createMetricsRouter } from './routes/metrics';
import { createSchedulesRouter } from './routes/schedules';
import { createTaskSigningSecretRouter } from './routes/task-signing-secret';
import { createTaskTypesRouter } from './routes/task-types';
import { createWebhookEndpointsRouter } from './routes/webhook-endpoints';
import { createWebhooksRouter } from './routes/webhooks';
import { dashboardPages } from '../dashboard/pages';
import { createDashboardRouter, type DashboardSettings } from '../dashboard/router';

export interface AppDeps {
  client: Client;
  taskQueue: string;
  links: JobLinkBuilder;
  logger: Logger;
  readiness: () => Promise<Readiness>;
  email: EmailConfig;
  audit: AuditConfig;
  webhooks: WebhookConfig;
  tasks: TaskConfig;
  store: Store;
  maxBodyBytes?: number;
  /** API keys (none with auth disabled) and the per-key rate limit. */
  auth: Pick<AuthConfig, 'disabled' | 'keys' | 'rateLimit'>;
  /** The payload codec behind POST /codec/{encode,decode}, and the Temporal UI origin allowed to call it. */
  codec?: CodecDeps;
  /** More metrics for GET /metrics (the eager start counter). */
  metrics?: readonly Metric[];
  /** What GET /metrics serves, shared with the worker in role `all`; absent: the app's own. */
  processMetrics?: ProcessMetrics;
  /** The dashboard's sign-in and links; absent: 8 h sessions, no `Secure` cookie, no Temporal UI link. */
  dashboard?: Partial<DashboardSettings>;
}

/** The middleware order, in one place. Never listens: main.ts and the tests do that. */
export function createApp(deps: AppDeps): Koa {
  const app = new Koa();
  app.proxy = false;
  app.use(requestContext(deps.logger));
  const metrics = deps.processMetrics ?? createProcessMetrics();
  for (const metric of deps.metrics ?? []) metrics.registry.registerMetric(metric);
  app.use(httpMetrics(metrics.registry));
  app.use(problemDetails());
  // One recorder for the audit routes and the control actions other routes record (job.cancelled, ...).
  const recorder = createAuditRecorder({
    client: deps.client,
    taskQueue: deps.taskQueue,
    shards: deps.audit.writerShards,
    store: deps.store.audit,
  });
  // Read from Temporal and the store at scrape time.
  registerScheduleMetrics(metrics.registry, deps.client, deps.taskQueue);
  registerEndpointMetrics(metrics.registry, deps.store.webhookEndpoints);
  registerAuditMetrics(metrics.registry, deps.client, recorder);
  const routers = [
    createHealthRouter(deps),
    createJobStartsRouter(JOB_KINDS, deps),
    createEmailsRouter(deps),
    createJobListRouter(deps),
    createJobControlRouter({ ...deps, recorder, jobMetrics: metrics.jobs }),
    createTaskCompletionRouter(deps),
    createJobsRouter({ ...deps, recorder }),
    createEmailBatchesRouter({ ...deps, recorder }),
    createAuditEventsRouter({ ...deps, recorder }),
    createWebhookEndpointsRouter({ ...deps, recorder }),
    createWebhooksRouter(deps),
    createSchedulesRouter(deps),
    createMetricsRouter(metrics.registry),
    createCodecRouter(deps.codec ?? {}),
  ];
  routers.push(createTaskTypesRouter({ ...deps, recorder }), createTaskSigningSecretRouter({ ...deps, recorder }));
  routers.push(createEmailTemplatesRouter({ ...deps, recorder }));
  routers.push(createApiDocsRouter(deps));
  const dashboard = {
    sessionMs: 8 * 3600_000,
    secure: false,
    namespace: deps.client.options.namespace,
    ...deps.dashboard,
  };
  // The dashboard is pages, not API: its own sign-in, HTML errors and CSP, ahead of the API's key check.
  app.use(
    createDashboardRouter({
      auth: deps.auth,
      store: deps.store,
      settings: dashboard,
      pages: dashboardPages(deps),
    }).routes(),
  );
  // Before any body is read: CORS for the Temporal UI, which route and who may call it (OPERATIONS), how often, and JSON only.
  app.use(codecCors(deps.codec ?? {}));
  app.use(
    authorize(routers, deps.auth, { sessions: deps.store.dashboardSessions, publicOrigin: dashboard.publicOrigin }),
  );
  app.use(rateLimit(deps.auth.rateLimit));
  app.use(strictQuery());
  app.use(jsonBodiesOnly());
  app.use(jsonBodies(deps.maxBodyBytes ?? 2 * 1024 * 1024));
  // No allowedMethods(): authorize answers what no route takes (405 with Allow across every router, 404), before the body is read.
  for (const router of routers) app.use(router.routes());
  return app;
}
