// The email batch tables as Kysely sees them, and their rows as the API and the sender see them.
import type { Selectable } from 'kysely';
import type { EmailTemplateSource } from '../../email-templates/template-parts';

export interface EmailBatchesTable {
  id: string;
  template: string;
  from_address: string | null;
  reply_to: string | null;
  rate_per_second: number;
  recipient_count: number;
  request_hash: string;
  created_at: string;
}

export type RecipientStatus = 'pending' | 'sent' | 'failed';
export const RECIPIENT_STATUSES: readonly RecipientStatus[] = ['pending', 'sent', 'failed'];

export interface EmailBatchRecipientsTable {
  batch_id: string;
  idx: number;
  address: string;
  data: string;
  message_id: string;
  status: RecipientStatus;
  send_at: string | null;
  due_at: string;
  attempts: number;
  first_attempt_at: string | null;
  smtp_code: number | null;
  error: string | null;
  sent_at: string | null;
}

// A type, not an interface: Kysely's withTables wants an index-signature-compatible shape.
export type EmailBatchSchema = {
  email_batches: EmailBatchesTable;
  email_batch_recipients: EmailBatchRecipientsTable;
};

/** A batch as the sender reads it: what every message of it shares. */
export interface EmailBatch {
  id: string;
  template: EmailTemplateSource;
  from?: string;
  replyTo?: string;
  ratePerSecond: number;
  recipientCount: number;
  createdAt: string;
}

export function toEmailBatch(row: Selectable<EmailBatchesTable>): EmailBatch {
  return {
    id: row.id,
    template: JSON.parse(row.template) as EmailTemplateSource,
    ...(row.from_address === null ? {} : { from: row.from_address }),
    ...(row.reply_to === null ? {} : { replyTo: row.reply_to }),
    ratePerSecond: row.rate_per_second,
    recipientCount: row.recipient_count,
    createdAt: row.created_at,
  };
}

/** One recipient's result, as `GET /v1/jobs/:id/recipients` lists it. */
export interface RecipientView {
  index: number;
  to: string;
  status: RecipientStatus;
  attempts: number;
  messageId: string;
  /** The SMTP reply code of the last failed attempt (null: none, or no reply, such as a refused connection). */
  smtpCode: number | null;
  /** The last failed attempt's error. */
  error: string | null;
  /** Its own `sendAt`, when the request gave one. */
  sendAt: string | null;
  /** When a pending recipient is next tried (its sendAt, or its next attempt after a transient failure). */
  dueAt: string | null;
  sentAt: string | null;
}

export function toRecipientView(row: Selectable<EmailBatchRecipientsTable>): RecipientView {
  return {
    index: row.idx,
    to: row.address,
    status: row.status,
    attempts: row.attempts,
    messageId: row.message_id,
    smtpCode: row.smtp_code,
    error: row.error,
    sendAt: row.send_at,
    dueAt: row.status === 'pending' ? row.due_at : null,
    sentAt: row.sent_at,
  };
}

/** A pending recipient the sender is about to try. */
export interface DueRecipient {
  index: number;
  to: string;
  data: Record<string, unknown>;
  messageId: string;
  attempts: number;
  firstAttemptAt: string | null;
}

export function toDueRecipient(row: Selectable<EmailBatchRecipientsTable>): DueRecipient {
  return {
    index: row.idx,
    to: row.address,
    data: JSON.parse(row.data) as Record<string, unknown>,
    messageId: row.message_id,
    attempts: row.attempts,
    firstAttemptAt: row.first_attempt_at,
  };
}
