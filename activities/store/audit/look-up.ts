import type { Kysely } from 'kysely';
import { type AuditEventInput, compareToStored, type EventContent, toEventContent } from './events';
import type { AuditSchema } from '../schema';

export interface StoredMatch {
  id: string;
  /** absent: no event under this id yet; duplicate: this event is stored; conflict: the id is stored with other content. */
  outcome: 'absent' | 'duplicate' | 'conflict';
  /** The stored event's `at`, unless absent. */
  at?: string;
}

const IDS_PER_READ = 500;

/**
 * How `events` compare to what the store holds, as an append would judge them, but without the chain
 * lock: rows are append-only, so a row read now is that id's event for good. An id absent now may be
 * appended a moment later; the append decides then. Throws InvalidAuditEventError for an event the
 * store can never accept.
 */
export async function lookUpEvents(
  db: Kysely<AuditSchema>,
  events: readonly AuditEventInput[],
): Promise<StoredMatch[]> {
  const contents = events.map(toEventContent);
  const ids = [...new Set(contents.map((content) => content.id))];
  const stored = new Map<string, EventContent>();
  for (let start = 0; start < ids.length; start += IDS_PER_READ) {
    const chunk = ids.slice(start, start + IDS_PER_READ);
    const rows = await db
      .selectFrom('audit_events')
      .select(['id', 'actor', 'action', 'resource', 'at', 'detail'])
      .where('id', 'in', chunk)
      .execute();
    for (const row of rows) stored.set(row.id, row);
  }
  return contents.map((content, index) => {
    const row = stored.get(content.id);
    return row === undefined
      ? { id: content.id, outcome: 'absent' }
      : { id: content.id, outcome: compareToStored(row, content, events[index]!.atDefaulted), at: row.at };
  });
}
