import { type AppendOutcome, appendEvents } from './append';
import { inChainTransaction } from './chain-transaction';
import type { AuditDatabase } from '../database';
import type { AuditEventInput } from './events';
import { type AuditPage, type AuditQuery, listEvents } from './list';
import { lookUpEvents, type StoredMatch } from './look-up';
import { type VerifyOptions, type VerifyResult, verifyChain } from './verify';

/** What a transaction opened by `AuditStore.transaction` can do. */
export interface AuditTransaction {
  append(events: readonly AuditEventInput[]): Promise<AppendOutcome[]>;
}

export interface AuditStore {
  /**
   * Records events in one transaction, in order. Every event gets an outcome: `inserted`, `duplicate`
   * (same id and content already stored, `at` aside for an `atDefaulted` event: nothing written) or
   * `conflict` (same id, other content: nothing written for that event, the others are still recorded).
   * Throws InvalidAuditEventError, before writing anything, for an event that can never be stored.
   */
  append(events: readonly AuditEventInput[]): Promise<AppendOutcome[]>;
  /**
   * How each event compares to the stored one with its id (`absent`, `duplicate`, `conflict`, and the stored
   * `at`), judged as `append` would; a read without the chain lock. Throws InvalidAuditEventError like append.
   */
  lookUp(events: readonly AuditEventInput[]): Promise<StoredMatch[]>;
  /** Runs `work` in one chain transaction; if it throws, nothing it appended is recorded. */
  transaction<T>(work: (tx: AuditTransaction) => Promise<T>): Promise<T>;
  /** A page of events, newest recorded first; throws InvalidAuditQueryError for a bad query. */
  list(query?: AuditQuery): Promise<AuditPage>;
  /**
   * Walks the chain (all of it by default; from `after`, `limit` rows at most, in pages), reports the
   * first row that breaks it and the head, and checks an `anchor` kept elsewhere. Throws
   * InvalidAuditQueryError for a bad limit.
   */
  verify(options?: VerifyOptions): Promise<VerifyResult>;
  close(): Promise<void>;
}

export interface AuditStoreOptions {
  /** Source of `recorded_at`. Default: the system clock. */
  now?: () => Date;
}

/** The store over an opened and migrated database (see openAuditDatabase, migrateToLatest). */
export function createAuditStore(database: AuditDatabase, options: AuditStoreOptions = {}): AuditStore {
  const now = options.now ?? (() => new Date());
  const transaction = <T>(work: (tx: AuditTransaction) => Promise<T>): Promise<T> =>
    inChainTransaction(database, (trx) =>
      work({ append: (events) => appendEvents(trx, database.dialect, events, now().toISOString()) }),
    );
  return {
    append: (events) => transaction((tx) => tx.append(events)),
    lookUp: (events) => lookUpEvents(database.db, events),
    transaction,
    list: (query = {}) => listEvents(database.db, query),
    verify: (options) => verifyChain(database.db, options),
    close: () => database.db.destroy(),
  };
}
