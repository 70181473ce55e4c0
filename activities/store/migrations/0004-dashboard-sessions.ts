import { type Kysely, type Migration } from 'kysely';

// Dashboard sign-ins. A row holds the SHA-256 of the session cookie (never the cookie itself) and which API key signed
// in, by name and by the key's own hash, so a key removed or replaced in the configuration ends its sessions.
export const dashboardSessions: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('dashboard_sessions')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('key_name', 'text', (column) => column.notNull())
      .addColumn('key_sha256', 'text', (column) => column.notNull())
      .addColumn('csrf_token', 'text', (column) => column.notNull())
      .addColumn('created_at', 'text', (column) => column.notNull())
      .addColumn('expires_at', 'text', (column) => column.notNull())
      .execute();
    await db.schema
      .createIndex('dashboard_sessions_expires_at')
      .on('dashboard_sessions')
      .column('expires_at')
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('dashboard_sessions').execute();
  },
};
