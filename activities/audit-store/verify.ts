import type { Kysely, Selectable } from 'kysely';
import { GENESIS_HASH, rowHash } from './canonical';
import { contentJson } from './events';
import type { AuditEventsTable, AuditSchema } from './schema';

export type VerifyResult =
  | { intact: true; count: number }
  | { intact: false; brokenAt: { seq: number; id: string }; reason: string };

const ROWS_PER_READ = 1000;

/**
 * Walks the chain from the first row in seq order and reports the first row that does not
 * follow from its predecessor: a gap in seq or a prev_hash mismatch (a row removed or inserted
 * before it), or a hash that no longer matches its content (the row was edited). Removing rows
 * from the end of the chain leaves a shorter, intact chain; detecting that needs the latest hash
 * kept somewhere else.
 */
export async function verifyChain(db: Kysely<AuditSchema>): Promise<VerifyResult> {
  let previous = { seq: 0, hash: GENESIS_HASH };
  let count = 0;
  for (;;) {
    const rows = await db.selectFrom('audit_events').selectAll().where('seq', '>', previous.seq).orderBy('seq', 'asc').limit(ROWS_PER_READ).execute();
    for (const row of rows) {
      const reason = breakReason(row, previous);
      if (reason !== undefined) return { intact: false, brokenAt: { seq: row.seq, id: row.id }, reason };
      previous = row;
      count += 1;
    }
    if (rows.length < ROWS_PER_READ) return { intact: true, count };
  }
}

function breakReason(row: Selectable<AuditEventsTable>, previous: { seq: number; hash: string }): string | undefined {
  if (row.seq !== previous.seq + 1) return `seq ${row.seq} follows seq ${previous.seq}: rows are missing`;
  if (row.prev_hash !== previous.hash) return 'prev_hash does not match the previous row: a row was removed, replaced or inserted before this one';
  let content: string;
  try {
    content = contentJson(row);
  } catch {
    return 'detail is not valid JSON: the row was edited';
  }
  if (rowHash(row.prev_hash, content) !== row.hash) return 'hash does not match the row content: the row was edited';
  return undefined;
}
