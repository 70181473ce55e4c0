import {
  type AuditDatabase,
  type AuditDatabaseOptions,
  type AuditStore,
  createAuditStore,
  migrateToLatest,
  openAuditDatabase,
} from '../../activities/store';
import { createTaskSigningStore, type StoredTaskSigning } from '../../activities/store';
import type { TaskTypeStore } from '../../activities/tasks';
import { createTaskTypeStore } from '../../activities/store';
import { createEndpointStore, type EndpointStore } from '../../activities/store';
import { createDashboardSessionStore, type DashboardSessionStore } from '../../activities/store';
import type { EmailTemplateStore } from '../../activities/email-templates';
import { createEmailTemplateStore } from '../../activities/store';
import { createEmailBatchStore, type EmailBatchStore } from '../../activities/store';
import type { Logger } from '../logger';
import { createKeyring } from '../security/keyring';
import type { PayloadKey } from '../temporal/payload-codec';

export interface Store {
  database: AuditDatabase;
  audit: AuditStore;
  webhookEndpoints: EndpointStore;
  taskTypes: TaskTypeStore;
  /** The stored task signing secret; what signs is taskSigningSecrets(config.tasks, store.taskSigning) (TASK_SIGNING_SECRET wins). */
  taskSigning: StoredTaskSigning;
  /** Who is signed in to the dashboard. */
  dashboardSessions: DashboardSessionStore;
  emailTemplates: EmailTemplateStore;
  /** Email batches and their recipients. */
  emailBatches: EmailBatchStore;
  close(): Promise<void>;
}

export interface StoreOptions extends AuditDatabaseOptions {
  /** PAYLOAD_KEYS: webhook and task signing secrets are stored encrypted with the first; unset, in plain text. */
  payloadKeys?: readonly PayloadKey[];
}

/**
 * Opens the project's own database (audit log, webhook endpoints, task types) and applies pending migrations.
 * With keys, it then encrypts every signing secret still in plain text or under an older key with the
 * newest key (a one-shot step at each start, cheap when there is nothing to do).
 */
export async function openStore(
  url: string,
  logger: Logger,
  { payloadKeys, ...options }: StoreOptions = {},
): Promise<Store> {
  const database = openAuditDatabase(url, {
    ...options,
    onIdleConnectionError: (err) => logger.warn({ err }, 'database connection lost; reconnecting on next use'),
  });
  const applied = await migrateToLatest(database.db);
  if (applied.length) logger.info({ applied, dialect: database.dialect }, 'database migrations applied');
  const audit = createAuditStore(database);
  const keyring = payloadKeys?.length ? createKeyring(payloadKeys) : undefined;
  const webhookEndpoints = createEndpointStore(database, { keyring });
  const { resealed, unreadable } = await webhookEndpoints.resealSecrets();
  if (resealed.length)
    logger.info({ endpoints: resealed.length }, 'webhook secrets encrypted with the newest key of PAYLOAD_KEYS');
  if (unreadable.length)
    logger.warn(
      { unreadable },
      'webhook secrets that no key of PAYLOAD_KEYS decrypts: deliveries to these endpoints fail until the key is back',
    );
  const taskSigning = createTaskSigningStore(database, { keyring });
  const task = await taskSigning.resealSecrets();
  if (task.resealed) logger.info('the task signing secret encrypted with the newest key of PAYLOAD_KEYS');
  if (task.unreadable.length)
    logger.warn(
      { keyIds: task.unreadable },
      'task signing secrets that no key of PAYLOAD_KEYS decrypts: task calls fail until the key is back (or TASK_SIGNING_SECRET is set)',
    );
  return {
    database,
    audit,
    webhookEndpoints,
    taskTypes: createTaskTypeStore(database),
    taskSigning,
    dashboardSessions: createDashboardSessionStore(database),
    emailTemplates: createEmailTemplateStore(database),
    emailBatches: createEmailBatchStore(database),
    close: () => audit.close(),
  };
}
