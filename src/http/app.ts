import { bodyParser } from '@koa/bodyparser';
import type { Client } from '@temporalio/client';
import Koa from 'koa';
import { createAuditRecorder } from '../audit/audit-recorder';
import type { AuditConfig, EmailConfig, WebhookConfig } from '../config';
import type { JobLinkBuilder } from '../jobs/job-view';
import type { Logger } from '../logger';
import type { Store } from '../store/open-store';
import type { Readiness } from '../temporal/readiness';
import { problemDetails } from './middleware/problem-details';
import { requestContext } from './middleware/request-context';
import { createAuditEventsRouter } from './routes/audit-events';
import { createEmailsRouter } from './routes/emails';
import { createHealthRouter } from './routes/health';
import { createJobListRouter } from './routes/job-list';
import { createJobsRouter } from './routes/jobs';
import { createPingsRouter } from './routes/pings';
import { createSchedulesRouter } from './routes/schedules';
import { createWebhookEndpointsRouter } from './routes/webhook-endpoints';
import { createWebhooksRouter } from './routes/webhooks';

export interface AppDeps {
  client: Client;
  taskQueue: string;
  links: JobLinkBuilder;
  logger: Logger;
  readiness: () => Promise<Readiness>;
  email: EmailConfig;
  audit: AuditConfig;
  webhooks: WebhookConfig;
  store: Store;
  maxBodyBytes?: number;
}

/** The middleware order, in one place. Never listens: main.ts and the tests do that. */
export function createApp(deps: AppDeps): Koa {
  const app = new Koa();
  app.proxy = false;
  app.use(requestContext(deps.logger));
  app.use(problemDetails());
  app.use(bodyParser({ enableTypes: ['json'], jsonLimit: deps.maxBodyBytes ?? 2 * 1024 * 1024, encoding: 'utf-8' }));
  // One recorder for the audit routes and the control actions other routes record (job.cancelled, ...).
  const recorder = createAuditRecorder({ client: deps.client, taskQueue: deps.taskQueue, shards: deps.audit.writerShards });
  for (const router of [createHealthRouter(deps), createPingsRouter(deps), createEmailsRouter(deps), createJobListRouter(deps), createJobsRouter({ ...deps, recorder }), createAuditEventsRouter({ ...deps, recorder }), createWebhookEndpointsRouter({ ...deps, recorder }), createWebhooksRouter(deps), createSchedulesRouter(deps)]) {
    app.use(router.routes()).use(router.allowedMethods({ throw: true }));
  }
  return app;
}
