import { type Kysely, type Migration } from 'kysely';

// An email batch and its recipients: a claim check, too large for workflow history. The batch row snapshots the
// template, so editing a stored template never changes a batch under way. Times are ISO 8601 UTC text.
export const emailBatches: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('email_batches')
      .addColumn('id', 'text', (column) => column.primaryKey())
      // JSON { subject, text?, html? }: the template as it was when the batch was accepted.
      .addColumn('template', 'text', (column) => column.notNull())
      .addColumn('from_address', 'text')
      .addColumn('reply_to', 'text')
      .addColumn('rate_per_second', 'double precision', (column) => column.notNull())
      .addColumn('recipient_count', 'integer', (column) => column.notNull())
      // The request it was made from: the same Idempotency-Key with another body is refused, not merged.
      .addColumn('request_hash', 'text', (column) => column.notNull())
      .addColumn('created_at', 'text', (column) => column.notNull())
      .execute();
    await db.schema
      .createTable('email_batch_recipients')
      .addColumn('batch_id', 'text', (column) => column.notNull().references('email_batches.id').onDelete('cascade'))
      .addColumn('idx', 'integer', (column) => column.notNull())
      .addColumn('address', 'text', (column) => column.notNull())
      // JSON object: the template's variables for this recipient.
      .addColumn('data', 'text', (column) => column.notNull())
      .addColumn('message_id', 'text', (column) => column.notNull())
      // pending | sent | failed
      .addColumn('status', 'text', (column) => column.notNull())
      // The recipient's own sendAt (null: with the batch); due_at moves on with each transient failure's backoff.
      .addColumn('send_at', 'text')
      .addColumn('due_at', 'text', (column) => column.notNull())
      .addColumn('attempts', 'integer', (column) => column.notNull())
      .addColumn('first_attempt_at', 'text')
      .addColumn('smtp_code', 'integer')
      .addColumn('error', 'text')
      .addColumn('sent_at', 'text')
      .addPrimaryKeyConstraint('email_batch_recipients_pk', ['batch_id', 'idx'])
      .execute();
    // The sender's question (the next due pending recipients) and the listing's (a status, in index order).
    await db.schema
      .createIndex('email_batch_recipients_due')
      .on('email_batch_recipients')
      .columns(['batch_id', 'status', 'due_at'])
      .execute();
    await db.schema
      .createIndex('email_batch_recipients_status')
      .on('email_batch_recipients')
      .columns(['batch_id', 'status', 'idx'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('email_batch_recipients').execute();
    await db.schema.dropTable('email_batches').execute();
  },
};
