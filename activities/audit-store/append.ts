import type { Kysely } from 'kysely';
import { GENESIS_HASH, rowHash } from './canonical';
import { type AuditEventInput, type EventContent, contentJson, sameContent, toEventContent } from './events';
import type { AuditEventsTable, AuditSchema } from './schema';

export type AppendOutcomeKind = 'inserted' | 'duplicate' | 'conflict';

export interface AppendOutcome {
  id: string;
  /** inserted: new row; duplicate: the same content was already stored; conflict: the id is stored with other content. */
  outcome: AppendOutcomeKind;
  /** The seq of the stored row with this id (the new one, or the one that was already there). */
  seq: number;
}

// 10 parameters a row: 200 rows stay far below SQLite's (32766) and PostgreSQL's (65535) limits.
const ROWS_PER_STATEMENT = 200;

/**
 * Appends `events` inside a transaction that already holds the chain lock. Ids already stored
 * (or repeated within the batch) are not written again: same content is a duplicate, other
 * content a conflict. Validation errors (InvalidAuditEventError) are thrown before any write.
 */
export async function appendEvents(trx: Kysely<AuditSchema>, events: readonly AuditEventInput[], recordedAt: string): Promise<AppendOutcome[]> {
  const contents = events.map(toEventContent);
  const known = await storedEvents(trx, [...new Set(contents.map((content) => content.id))]);
  let head = await chainHead(trx);
  const rows: AuditEventsTable[] = [];
  const outcomes = contents.map((content): AppendOutcome => {
    const stored = known.get(content.id);
    if (stored !== undefined) {
      return { id: content.id, outcome: sameContent(stored, content) ? 'duplicate' : 'conflict', seq: stored.seq };
    }
    const seq = head.seq + 1;
    const hash = rowHash(head.hash, contentJson(content));
    const row = { ...content, seq, recorded_at: recordedAt, prev_hash: head.hash, hash };
    rows.push(row);
    known.set(content.id, row);
    head = { seq, hash };
    return { id: content.id, outcome: 'inserted', seq };
  });
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    await trx.insertInto('audit_events').values(rows.slice(start, start + ROWS_PER_STATEMENT)).execute();
  }
  return outcomes;
}

async function storedEvents(trx: Kysely<AuditSchema>, ids: string[]): Promise<Map<string, EventContent & { seq: number }>> {
  const found = new Map<string, EventContent & { seq: number }>();
  for (let start = 0; start < ids.length; start += 500) {
    const rows = await trx
      .selectFrom('audit_events')
      .select(['seq', 'id', 'actor', 'action', 'resource', 'at', 'detail'])
      .where('id', 'in', ids.slice(start, start + 500))
      .execute();
    for (const row of rows) found.set(row.id, row);
  }
  return found;
}

async function chainHead(trx: Kysely<AuditSchema>): Promise<{ seq: number; hash: string }> {
  const last = await trx.selectFrom('audit_events').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  return last ?? { seq: 0, hash: GENESIS_HASH };
}
