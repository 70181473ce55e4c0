// Table types as Kysely sees them. Migrations use their own untyped view of the database,
// so that an old migration keeps compiling when these types move on.

export interface AuditEventsTable {
  /** Position in the chain: 1, 2, 3, ... assigned under the chain lock, without gaps. */
  seq: number;
  id: string;
  actor: string;
  action: string;
  resource: string;
  /** When it happened, as ISO 8601 UTC with milliseconds, so text order is time order. */
  at: string;
  /** Canonical JSON text. */
  detail: string;
  /** When the store recorded it (ISO 8601 UTC); not hashed. */
  recorded_at: string;
  prev_hash: string;
  hash: string;
}

export interface AuditSchema {
  audit_events: AuditEventsTable;
}
