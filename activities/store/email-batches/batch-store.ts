// Email batches and their recipients in the project's own database (SQLite or PostgreSQL).
import type { AuditDatabase } from '../database';
import {
  type DueRecipient,
  type EmailBatch,
  type EmailBatchRecipientsTable,
  type EmailBatchSchema,
  type RecipientStatus,
  type RecipientView,
  toDueRecipient,
  toEmailBatch,
  toRecipientView,
} from './batch-row';
import type { EmailTemplateSource } from '../../email-templates/template-parts';
import { EmailBatchExistsError } from './email-batch-exists-error';
import { InvalidRecipientCursorError } from './invalid-recipient-cursor-error';

export interface NewEmailBatch {
  id: string;
  template: EmailTemplateSource;
  from?: string;
  replyTo?: string;
  ratePerSecond: number;
  /** A digest of the request it comes from: the same id with another digest is refused. */
  requestHash: string;
  recipients: readonly NewRecipient[];
}

export interface NewRecipient {
  to: string;
  data: Record<string, unknown>;
  messageId: string;
  /** ISO 8601 UTC; absent: due with the batch. */
  sendAt?: string;
}

export interface BatchProgress {
  total: number;
  sent: number;
  failed: number;
  pending: number;
}

/** What one attempt at a recipient came to, written right after the SMTP server's answer. */
export type RecipientResult = { index: number; attempts: number; firstAttemptAt: string } & (
  | { outcome: 'sent'; at: string }
  | { outcome: 'failed'; smtpCode: number | null; error: string }
  /** A transient failure: pending again, due at `dueAt`. */
  | { outcome: 'retry'; smtpCode: number | null; error: string; dueAt: string }
);

export interface RecipientPage {
  recipients: RecipientView[];
  nextCursor: string | null;
}

export interface EmailBatchStore {
  /** Writes the batch and every recipient in one transaction; `existed` when this very request already had. */
  create(batch: NewEmailBatch): Promise<{ existed: boolean }>;
  get(id: string): Promise<EmailBatch | undefined>;
  progress(id: string): Promise<BatchProgress>;
  /** Pending recipients due by `now`, earliest first, at most `limit`. */
  due(id: string, now: string, limit: number): Promise<DueRecipient[]>;
  /** When the earliest pending recipient is due; undefined when none is pending. */
  nextDueAt(id: string): Promise<string | undefined>;
  /** Records results in one transaction; a recipient no longer pending (recorded by another attempt) is left alone. */
  record(id: string, results: readonly RecipientResult[]): Promise<void>;
  /** Makes every failed recipient pending again, due at `now`; answers how many. */
  requeueFailed(id: string, now: string): Promise<number>;
  list(id: string, query: { status?: RecipientStatus; limit: number; cursor?: string }): Promise<RecipientPage>;
}

// 13 values a row: well under SQLite's 32,766 and PostgreSQL's 65,535 bound parameters per statement.
const INSERT_ROWS = 500;

export function createEmailBatchStore(database: AuditDatabase, o: { now?: () => Date } = {}): EmailBatchStore {
  const db = database.db.withTables<EmailBatchSchema>();
  const clock = o.now ?? (() => new Date());
  const recipients = (id: string) => db.selectFrom('email_batch_recipients').where('batch_id', '=', id);

  return {
    async create(batch) {
      return db.transaction().execute(async (trx) => {
        const existing = await trx
          .selectFrom('email_batches')
          .select('request_hash')
          .where('id', '=', batch.id)
          .executeTakeFirst();
        if (existing) {
          if (existing.request_hash !== batch.requestHash) throw new EmailBatchExistsError(batch.id);
          return { existed: true };
        }
        const createdAt = clock().toISOString();
        await trx
          .insertInto('email_batches')
          .values({
            id: batch.id,
            template: JSON.stringify(batch.template),
            from_address: batch.from ?? null,
            reply_to: batch.replyTo ?? null,
            rate_per_second: batch.ratePerSecond,
            recipient_count: batch.recipients.length,
            request_hash: batch.requestHash,
            created_at: createdAt,
          })
          .execute();
        const rows: EmailBatchRecipientsTable[] = batch.recipients.map((r, idx) => ({
          batch_id: batch.id,
          idx,
          address: r.to,
          data: JSON.stringify(r.data),
          message_id: r.messageId,
          status: 'pending',
          send_at: r.sendAt ?? null,
          due_at: r.sendAt ?? createdAt,
          attempts: 0,
          first_attempt_at: null,
          smtp_code: null,
          error: null,
          sent_at: null,
        }));
        for (let i = 0; i < rows.length; i += INSERT_ROWS)
          await trx
            .insertInto('email_batch_recipients')
            .values(rows.slice(i, i + INSERT_ROWS))
            .execute();
        return { existed: false };
      });
    },

    async get(id) {
      const row = await db.selectFrom('email_batches').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toEmailBatch(row);
    },

    async progress(id) {
      const counts = await recipients(id)
        .select(['status', (eb) => eb.fn.countAll<number>().as('count')])
        .groupBy('status')
        .execute();
      const of = (status: RecipientStatus) => Number(counts.find((c) => c.status === status)?.count ?? 0);
      const [sent, failed, pending] = [of('sent'), of('failed'), of('pending')];
      return { total: sent + failed + pending, sent, failed, pending };
    },

    async due(id, now, limit) {
      const rows = await recipients(id)
        .selectAll()
        .where('status', '=', 'pending')
        .where('due_at', '<=', now)
        .orderBy('due_at')
        .orderBy('idx')
        .limit(limit)
        .execute();
      return rows.map(toDueRecipient);
    },

    async nextDueAt(id) {
      const row = await recipients(id)
        .select((eb) => eb.fn.min('due_at').as('next'))
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return row?.next ?? undefined;
    },

    async record(id, results) {
      if (results.length === 0) return;
      await db.transaction().execute(async (trx) => {
        for (const r of results) {
          await trx
            .updateTable('email_batch_recipients')
            .set({
              attempts: r.attempts,
              first_attempt_at: r.firstAttemptAt,
              ...(r.outcome === 'sent'
                ? { status: 'sent', sent_at: r.at }
                : {
                    status: r.outcome === 'failed' ? 'failed' : 'pending',
                    smtp_code: r.smtpCode,
                    error: r.error,
                    ...(r.outcome === 'retry' ? { due_at: r.dueAt } : {}),
                  }),
            })
            .where('batch_id', '=', id)
            .where('idx', '=', r.index)
            .where('status', '=', 'pending')
            .execute();
        }
      });
    },

    async requeueFailed(id, now) {
      const updated = await db
        .updateTable('email_batch_recipients')
        .set({ status: 'pending', due_at: now, first_attempt_at: null })
        .where('batch_id', '=', id)
        .where('status', '=', 'failed')
        .executeTakeFirst();
      return Number(updated.numUpdatedRows);
    },

    async list(id, { status, limit, cursor }) {
      const after = cursor === undefined ? -1 : decodeCursor(cursor);
      let select = recipients(id).selectAll().where('idx', '>', after);
      if (status !== undefined) select = select.where('status', '=', status);
      const rows = await select
        .orderBy('idx')
        .limit(limit + 1)
        .execute();
      const page = rows.slice(0, limit);
      return {
        recipients: page.map(toRecipientView),
        nextCursor: rows.length > limit ? encodeCursor(page.at(-1)!.idx) : null,
      };
    },
  };
}

// Opaque to clients, so its shape can change; the version prefix lets old cursors be recognised.
function encodeCursor(index: number): string {
  return Buffer.from(`v1:${index}`).toString('base64url');
}

function decodeCursor(cursor: string): number {
  const match = /^v1:(0|[1-9]\d{0,8})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (match?.[1] === undefined) throw new InvalidRecipientCursorError();
  return Number(match[1]);
}
