import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import { auditEvents } from './migrations/0001-audit-events';
import { webhookEndpoints } from './migrations/0002-webhook-endpoints';
import { taskTypes } from './migrations/0003-task-types';
import { dashboardSessions } from './migrations/0004-dashboard-sessions';
import { emailTemplates } from './migrations/0005-email-templates';
import { emailBatches } from './migrations/0006-email-batches';

/**
 * Every migration of the audit database, in order. Append new ones with the next number
 * (e.g. `'0002-webhook-endpoints'`); never rename, reorder or edit one that has shipped.
 */
export const auditMigrations: Readonly<Record<string, Migration>> = Object.freeze({
  '0001-audit-events': auditEvents,
  '0002-webhook-endpoints': webhookEndpoints,
  '0003-task-types': taskTypes,
  '0004-dashboard-sessions': dashboardSessions,
  '0005-email-templates': emailTemplates,
  '0006-email-batches': emailBatches,
});

const provider: MigrationProvider = { getMigrations: () => Promise.resolve({ ...auditMigrations }) };

/** Applies every pending migration (each in its own transaction); returns their names; throws if one fails. */
export async function migrateToLatest<DB>(db: Kysely<DB>): Promise<string[]> {
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName;
    throw new Error(`Audit database migration ${failed ?? '(before any migration ran)'} failed`, { cause: error });
  }
  return (results ?? []).map((result) => result.migrationName);
}
