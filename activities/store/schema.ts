import type { EventContent } from './audit/events';

// Table types as Kysely sees them. Migrations use their own untyped view of the database,
// so that an old migration keeps compiling when these types move on.

/** A stored event: its hashed content (`at` as ISO 8601 UTC with milliseconds, so text order is time order; `detail` as canonical JSON text) and its place in the chain. */
export interface AuditEventsTable extends EventContent {
  /** Position in the chain: 1, 2, 3, ... assigned under the chain lock, without gaps. */
  seq: number;
  /** When the store recorded it (ISO 8601 UTC); not hashed. */
  recorded_at: string;
  prev_hash: string;
  hash: string;
}

export interface AuditSchema {
  audit_events: AuditEventsTable;
}
