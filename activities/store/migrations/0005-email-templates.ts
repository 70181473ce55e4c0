import { type Kysely, type Migration } from 'kysely';

// Email templates: configuration, like task types. Portable types only; times are ISO 8601 UTC text, sample
// data is JSON text. The name is unique: POST /v1/emails names a template by its id or its name.
export const emailTemplates: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('email_templates')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('name', 'text', (column) => column.notNull().unique())
      .addColumn('description', 'text')
      .addColumn('subject', 'text', (column) => column.notNull())
      // Null: the template has no such part (it has one of them at least).
      .addColumn('text', 'text')
      .addColumn('html', 'text')
      .addColumn('sample_data', 'text')
      .addColumn('created_at', 'text', (column) => column.notNull())
      .addColumn('updated_at', 'text', (column) => column.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('email_templates').execute();
  },
};
