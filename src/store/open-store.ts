import { type AuditDatabase, type AuditDatabaseOptions, type AuditStore, createAuditStore, migrateToLatest, openAuditDatabase } from '../../activities/audit-store';
import { createEndpointStore, type EndpointStore } from '../../activities/webhooks/endpoint-store';
import type { Logger } from '../logger';

export interface Store {
  database: AuditDatabase;
  audit: AuditStore;
  webhookEndpoints: EndpointStore;
  close(): Promise<void>;
}

/** Opens the project's own database (audit log, webhook endpoints) and applies pending migrations. */
export async function openStore(url: string, logger: Logger, options: AuditDatabaseOptions = {}): Promise<Store> {
  const database = openAuditDatabase(url, { ...options, onIdleConnectionError: (err) => logger.warn({ err }, 'database connection lost; reconnecting on next use') });
  const applied = await migrateToLatest(database.db);
  if (applied.length) logger.info({ applied, dialect: database.dialect }, 'database migrations applied');
  const audit = createAuditStore(database);
  return { database, audit, webhookEndpoints: createEndpointStore(database), close: () => audit.close() };
}
