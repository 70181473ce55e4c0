import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createEmailActivities } from '../../activities/email';
import { createEmailBatchActivities } from '../../activities/email-batches/send-batch-chunk';
import { createMailTransport } from '../../activities/mail-transport';
import { createPingActivities } from '../../activities/ping';
import { createTaskJobActivities } from '../../activities/tasks';
import { createTaskHttpClient } from '../../activities/tasks/task-http-client';
import { generateSecret } from '../../activities/webhooks/signature';
import { loadConfig, type WebhookConfig } from '../../src/config';
import { createTypeWorkers, type TypeWorkers } from '../../src/tasks/type-workers';
import { type Handler, type Receiver, reply, startReceiver } from '../activities/webhooks/receiver';
import { type SmtpSink, startSmtpSink } from './smtp-sink';
import { type WebhookStack, startWebhookStack } from './webhook-stack';

export interface AllKindsStack extends WebhookStack {
  sink: SmtpSink;
  /** The app task calls go to (answers 200 with a JSON body); its origin is the one allowed. */
  taskApp: Receiver;
  /** How the task app answers: 200 with a JSON body unless a test sets another. */
  taskHandler: Handler;
  /** Registers a task type served by the task app. */
  registerTaskType(name: string): Promise<void>;
}

/**
 * The webhook stack (API, worker, store, HTTP receiver) whose worker also sends mail to an SMTP sink,
 * sends email batches, answers pings, and calls a task app (with a worker per task type, as startWorker runs them).
 */
export async function startAllKindsStack(
  name: string,
  webhooks: Partial<WebhookConfig> = {},
  connect?: () => Promise<TestWorkflowEnvironment>,
): Promise<AllKindsStack> {
  const sink = await startSmtpSink();
  const transport = createMailTransport({
    url: sink.url,
    pool: { maxConnections: 1, maxMessages: 100 },
    timeouts: { connectionMs: 2000, greetingMs: 2000, socketMs: 5000 },
  });
  const done = reply(200, { 'content-type': 'application/json' }, '{"done":true}');
  const made: { stack?: AllKindsStack } = {};
  const taskApp = await startReceiver((request, response) => (made.stack?.taskHandler ?? done)(request, response));
  const secret = generateSecret();
  const tasks = loadConfig({ TASK_ALLOWED_ORIGINS: taskApp.origin, TASK_SIGNING_SECRET: secret }).tasks;
  const taskClient = createTaskHttpClient(tasks);
  let taskActivities: ReturnType<typeof createTaskJobActivities> | undefined;
  // Made once the stack has its connection and queue; no job runs before then.
  const typeWorkersOf: { current?: TypeWorkers } = {};
  const stack = await startWebhookStack(
    name,
    webhooks,
    ({ taskQueue, store }) => {
      taskActivities = createTaskJobActivities({
        client: taskClient,
        types: store.taskTypes,
        secrets: async () => [secret],
        allowedOrigins: tasks.allowedOrigins,
        taskQueue,
        onTypeSeen: (type) => typeWorkersOf.current!.ensure(type),
      });
      return {
        ...createEmailActivities({ transport, defaultFrom: 'shop@example.com' }),
        ...createEmailBatchActivities({ transport, defaultFrom: 'shop@example.com', batches: store.emailBatches }),
        ...createPingActivities({ workerIdentity: name }),
        ...taskActivities,
      };
    },
    { connect },
    { tasks },
  );
  const typeWorkers = (typeWorkersOf.current = createTypeWorkers({
    connection: stack.env.nativeConnection,
    taskQueue: stack.taskQueue,
    base: { namespace: 'default', activities: { callTask: taskActivities!.callTask }, shutdownGraceTime: '1s' },
    defaultConcurrency: 10,
  }));
  const closeStack = stack.close;
  return (made.stack = Object.assign(stack, {
    sink,
    taskApp,
    taskHandler: done,
    async registerTaskType(type: string) {
      const created = await stack.api.request('POST', '/v1/task-types', {
        name: type,
        url: `${taskApp.origin}/${type}`,
      });
      if (created.status !== 201)
        throw new Error(`task type refused: ${created.status} ${JSON.stringify(created.body)}`);
    },
    close: async () => {
      await typeWorkers.close();
      await closeStack();
      transport.close();
      await taskClient.close();
      await taskApp.close();
      await sink.close();
    },
  }));
}
