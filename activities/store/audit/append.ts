import { type Compilable, CompiledQuery, type Kysely } from 'kysely';
import { GENESIS_HASH, rowHash } from './canonical';
import {
  type AuditEventInput,
  canonicalContentJson,
  compareToStored,
  type EventContent,
  toEventContent,
} from './events';
import type { AuditDialect } from '../database';
import { RecentlyUsed } from './recently-used';
import type { AuditEventsTable, AuditSchema } from '../schema';

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
export async function appendEvents(
  trx: Kysely<AuditSchema>,
  dialect: AuditDialect,
  events: readonly AuditEventInput[],
  recordedAt: string,
): Promise<AppendOutcome[]> {
  const contents = events.map(toEventContent);
  const statements = new Statements(trx, dialect);
  const { known, head: last } = await storedEventsAndHead(statements, new Set(contents.map((content) => content.id)));
  let head = last;
  const rows: AuditEventsTable[] = [];
  const outcomes = contents.map((content, index): AppendOutcome => {
    const stored = known.get(content.id);
    if (stored !== undefined)
      return { id: content.id, outcome: compareToStored(stored, content, events[index]!.atDefaulted), seq: stored.seq };
    const seq = head.seq + 1;
    const hash = rowHash(head.hash, canonicalContentJson(content));
    const row = { ...content, seq, recorded_at: recordedAt, prev_hash: head.hash, hash };
    rows.push(row);
    known.set(content.id, row);
    head = { seq, hash };
    return { id: content.id, outcome: 'inserted', seq };
  });
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(start, start + ROWS_PER_STATEMENT);
    const values = chunk.flatMap((row) => INSERTED_COLUMNS.map((column) => row[column]));
    await statements.run(`insert ${chunk.length}`, values, () =>
      trx.insertInto('audit_events').values(chunk.map(inColumnOrder)),
    );
  }
  return outcomes;
}

const INSERTED_COLUMNS = [
  'seq',
  'id',
  'actor',
  'action',
  'resource',
  'at',
  'detail',
  'recorded_at',
  'prev_hash',
  'hash',
] as const;

function inColumnOrder(row: AuditEventsTable): AuditEventsTable {
  return Object.fromEntries(INSERTED_COLUMNS.map((column) => [column, row[column]])) as unknown as AuditEventsTable;
}

const IDS_PER_READ = 500;
const STORED_COLUMNS = ['seq', 'id', 'actor', 'action', 'resource', 'at', 'detail', 'hash'] as const;

/**
 * The stored events among `ids`, and the chain head. The head comes with the first ids, in one
 * statement (`union all` with the newest row): one round trip fewer in every transaction.
 */
async function storedEventsAndHead(
  statements: Statements,
  ids: ReadonlySet<string>,
): Promise<{ known: Map<string, EventContent & { seq: number }>; head: { seq: number; hash: string } }> {
  const { trx } = statements;
  const stored = (chunk: string[]) => trx.selectFrom('audit_events').select(STORED_COLUMNS).where('id', 'in', chunk);
  // `seq = max(seq)` rather than `order by seq desc limit 1`, which SQLite runs several times slower.
  const newest = () =>
    trx
      .selectFrom('audit_events')
      .select(STORED_COLUMNS)
      .where('seq', '=', (eb) => eb.selectFrom('audit_events').select((max) => max.fn.max('seq').as('seq')));
  const list = [...ids];
  const first = list.slice(0, IDS_PER_READ);
  const rows = await statements.run(`read ${first.length}`, first, () =>
    first.length === 0 ? newest() : stored(first).unionAll(newest()),
  );
  for (let start = IDS_PER_READ; start < list.length; start += IDS_PER_READ) {
    const chunk = list.slice(start, start + IDS_PER_READ);
    rows.push(...(await statements.run(`stored ${chunk.length}`, chunk, () => stored(chunk))));
  }
  const known = new Map<string, EventContent & { seq: number }>();
  let head = { seq: 0, hash: GENESIS_HASH };
  for (const row of rows) {
    // The newest row has the highest seq of all; it is one of the events only when its id was asked for.
    if (row.seq > head.seq) head = { seq: row.seq, hash: row.hash };
    if (ids.has(row.id)) known.set(row.id, row);
  }
  return { known, head };
}

// SQL texts of the append statements, by dialect and shape; an insert of 200 rows is ~9 KB of text.
const sqlTexts = new RecentlyUsed<string>(64);

/**
 * Runs the append statements. Kysely takes longer to build and compile them than SQLite takes to run
 * them, and their SQL text depends only on the dialect and on how many values they hold: so each text
 * is compiled once per dialect and run again with other values.
 */
class Statements {
  constructor(
    readonly trx: Kysely<AuditSchema>,
    readonly dialect: AuditDialect,
  ) {}

  /** Runs `build()`'s statement, named `shape`, with `values`: its parameters in order (checked when it is compiled). */
  async run<R>(shape: string, values: readonly unknown[], build: () => Compilable<R>): Promise<R[]> {
    const text = sqlTexts.get(`${this.dialect} ${shape}`, () => {
      const compiled = build().compile();
      if (
        compiled.parameters.length !== values.length ||
        compiled.parameters.some((value, index) => value !== values[index])
      ) {
        throw new Error(`audit append: the parameters of "${shape}" are not in the order its SQL binds them`);
      }
      return compiled.sql;
    });
    const result = await this.trx.executeQuery<R>(CompiledQuery.raw(text, [...values]) as CompiledQuery<R>);
    return result.rows;
  }
}
