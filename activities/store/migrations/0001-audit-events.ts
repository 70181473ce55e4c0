import { type Kysely, type Migration } from 'kysely';

// Portable types only (text, bigint), so the same statements run on SQLite and PostgreSQL.
// Timestamps are ISO 8601 text rather than timestamptz because they are hashed as text.
export const auditEvents: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('audit_events')
      .addColumn('seq', 'bigint', (column) => column.primaryKey())
      .addColumn('id', 'text', (column) => column.notNull().unique())
      .addColumn('actor', 'text', (column) => column.notNull())
      .addColumn('action', 'text', (column) => column.notNull())
      .addColumn('resource', 'text', (column) => column.notNull())
      .addColumn('at', 'text', (column) => column.notNull())
      .addColumn('detail', 'text', (column) => column.notNull())
      .addColumn('recorded_at', 'text', (column) => column.notNull())
      .addColumn('prev_hash', 'text', (column) => column.notNull())
      .addColumn('hash', 'text', (column) => column.notNull())
      .execute();
    // Filtered listings walk seq downwards within one actor/resource/action.
    for (const field of ['actor', 'resource', 'action'] as const) {
      await db.schema.createIndex(`audit_events_${field}_seq`).on('audit_events').columns([field, 'seq']).execute();
    }
    await db.schema.createIndex('audit_events_at').on('audit_events').column('at').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('audit_events').execute();
  },
};
