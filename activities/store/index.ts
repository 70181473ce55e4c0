// The application database: open, migrate, then the stores of what it holds (the audit log, webhook
// endpoints, task types and their signing secret, email templates).
export type { AppendOutcome, AppendOutcomeKind } from './audit/append';
export { type AuditStore, type AuditStoreOptions, type AuditTransaction, createAuditStore } from './audit/audit-store';
export {
  type AuditDatabase,
  type AuditDatabaseOptions,
  type AuditDialect,
  openAuditDatabase,
  sqliteFilePath,
} from './database';
export type { AuditEventInput } from './audit/events';
export { InvalidAuditEventError } from './audit/invalid-audit-event-error';
export type { StoredMatch } from './audit/look-up';
export { InvalidAuditQueryError } from './audit/invalid-audit-query-error';
export {
  type AuditEvent,
  type AuditPage,
  type AuditQuery,
  cursorAt,
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
} from './audit/list';
export { auditMigrations, migrateToLatest } from './migrations';
export {
  type AnchorCheck,
  type AnchorStatus,
  type ChainHead,
  type ChainPoint,
  type VerifyOptions,
  type VerifyResult,
  formatChainPoint,
  parseChainPoint,
} from './audit/verify';
export { canonicalJson } from './audit/canonical';
export { normaliseTimestamp } from './audit/events';
export type { Keyring } from './secrets/secret-encryption';
export { type StoredTaskSigning, createTaskSigningStore } from './task-types/signing-store';
export { TaskSecretUnreadableError } from './task-types/task-secret-unreadable-error';
export { TaskTypeExistsError } from './task-types/task-type-exists-error';
export { createTaskTypeStore } from './task-types/type-store';
export type { DisabledReason, EndpointView } from './webhook-endpoints/endpoint-row';
export {
  createEndpointStore,
  type EndpointChanges,
  type EndpointStore,
  type EndpointWithSecret,
  type NewEndpoint,
} from './webhook-endpoints/endpoint-store';
export { createEmailTemplateStore } from './email-templates/template-store';
export {
  createDashboardSessionStore,
  type DashboardSession,
  type DashboardSessionStore,
  type NewDashboardSession,
} from './dashboard-sessions/session-store';
export {
  type BatchProgress,
  createEmailBatchStore,
  type EmailBatchStore,
  type NewEmailBatch,
  type NewRecipient,
  type RecipientPage,
  type RecipientResult,
} from './email-batches/batch-store';
export {
  type DueRecipient,
  type EmailBatch,
  RECIPIENT_STATUSES,
  type RecipientStatus,
  type RecipientView,
} from './email-batches/batch-row';
export { EmailBatchExistsError } from './email-batches/email-batch-exists-error';
export { InvalidRecipientCursorError } from './email-batches/invalid-recipient-cursor-error';
