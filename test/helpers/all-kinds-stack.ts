import { createEmailActivities } from '../../activities/email';
import { createMailTransport } from '../../activities/mail-transport';
import { createPingActivities } from '../../activities/ping';
import type { WebhookConfig } from '../../src/config';
import { type SmtpSink, startSmtpSink } from './smtp-sink';
import { type WebhookStack, startWebhookStack } from './webhook-stack';

export interface AllKindsStack extends WebhookStack {
  sink: SmtpSink;
}

/** The webhook stack (API, worker, store, HTTP receiver) whose worker also sends mail to an SMTP sink and answers pings. */
export async function startAllKindsStack(name: string, webhooks: Partial<WebhookConfig> = {}): Promise<AllKindsStack> {
  const sink = await startSmtpSink();
  const transport = createMailTransport({ url: sink.url, pool: { maxConnections: 1, maxMessages: 100 }, timeouts: { connectionMs: 2000, greetingMs: 2000, socketMs: 5000 } });
  const stack = await startWebhookStack(name, webhooks, { ...createEmailActivities({ transport, defaultFrom: 'shop@example.com' }), ...createPingActivities({ workerIdentity: name }) });
  const closeStack = stack.close;
  return Object.assign(stack, {
    sink,
    close: async () => {
      await closeStack();
      transport.close();
      await sink.close();
    },
  });
}
