import { type Kysely, type Migration } from 'kysely';

// Task types and the secret that signs their calls: configuration, kept next to the webhook endpoints.
// Portable types only; times are ISO 8601 UTC text, durations whole milliseconds.
export const taskTypes: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('task_types')
      .addColumn('name', 'text', (column) => column.primaryKey())
      .addColumn('url', 'text', (column) => column.notNull())
      .addColumn('timeout_ms', 'integer', (column) => column.notNull())
      .addColumn('retry_max_attempts', 'integer', (column) => column.notNull())
      .addColumn('retry_initial_interval_ms', 'integer', (column) => column.notNull())
      .addColumn('retry_backoff_coefficient', 'double precision', (column) => column.notNull())
      .addColumn('retry_maximum_interval_ms', 'integer', (column) => column.notNull())
      // Null: no heartbeat deadline, no rate limit, the worker's own concurrency.
      .addColumn('heartbeat_timeout_ms', 'integer')
      .addColumn('rate_per_second', 'double precision')
      .addColumn('concurrency', 'integer')
      .addColumn('description', 'text')
      .addColumn('created_at', 'text', (column) => column.notNull())
      .addColumn('updated_at', 'text', (column) => column.notNull())
      .execute();
    // One row (id 'current'): its primary key lets two processes at first start agree on one secret.
    await db.schema
      .createTable('task_signing_secrets')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('secret', 'text', (column) => column.notNull())
      // JSON array of { secret, expiresAt }: replaced secrets that still sign during their grace period.
      .addColumn('retired_secrets', 'text', (column) => column.notNull())
      .addColumn('created_at', 'text', (column) => column.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('task_signing_secrets').execute();
    await db.schema.dropTable('task_types').execute();
  },
};
