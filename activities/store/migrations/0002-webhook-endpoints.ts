import { type Kysely, type Migration } from 'kysely';

// Webhook endpoints live next to the audit log: one database of our own to run and back up.
// Portable types only; times are ISO 8601 UTC text (text order is time order), lists are JSON text.
export const webhookEndpoints: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('webhook_endpoints')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('url', 'text', (column) => column.notNull())
      .addColumn('description', 'text')
      // JSON array of event type names; null means every event.
      .addColumn('event_types', 'text')
      .addColumn('secret', 'text', (column) => column.notNull())
      // JSON array of { secret, expiresAt }: replaced secrets that still sign during their grace period.
      .addColumn('retired_secrets', 'text', (column) => column.notNull())
      .addColumn('created_at', 'text', (column) => column.notNull())
      .addColumn('updated_at', 'text', (column) => column.notNull())
      // When the current run of failed attempts began; null after a success.
      .addColumn('failing_since', 'text')
      .addColumn('disabled_at', 'text')
      .addColumn('disabled_reason', 'text')
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('webhook_endpoints').execute();
  },
};
