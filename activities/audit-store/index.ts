// The audit store's public surface: open, migrate, then createAuditStore.
export type { AppendOutcome, AppendOutcomeKind } from './append';
export { type AuditStore, type AuditStoreOptions, type AuditTransaction, createAuditStore } from './audit-store';
export { type AuditDatabase, type AuditDatabaseOptions, type AuditDialect, openAuditDatabase, sqliteFilePath } from './database';
export type { AuditEventInput } from './events';
export { InvalidAuditEventError } from './invalid-audit-event-error';
export type { StoredMatch } from './look-up';
export { InvalidAuditQueryError } from './invalid-audit-query-error';
export { type AuditEvent, type AuditPage, type AuditQuery, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './list';
export { auditMigrations, migrateToLatest } from './migrations';
export { type AnchorCheck, type AnchorStatus, type ChainHead, type ChainPoint, type VerifyOptions, type VerifyResult, formatChainPoint, parseChainPoint } from './verify';
