import type { Kysely, Selectable } from 'kysely';
import { GENESIS_HASH, rowHash } from './canonical';
import { contentJson } from './events';
import { InvalidAuditQueryError } from './invalid-audit-query-error';
import type { AuditEventsTable, AuditSchema } from '../schema';

/** A row of the chain named by its seq and hash; as text, `<seq>:<hash>` (see formatChainPoint). */
export interface ChainPoint {
  seq: number;
  hash: string;
}

/** The newest row of the chain: keep it elsewhere and pass it back later as an anchor. */
export interface ChainHead extends ChainPoint {
  /** When the store recorded that row (its `recordedAt`). */
  at: string;
}

/** `matches`: the row is there with that hash; `truncated`: the chain ends before it; `rewritten`: the row has another hash, or is missing from the middle. */
export type AnchorStatus = 'matches' | 'truncated' | 'rewritten';

export interface AnchorCheck extends ChainPoint {
  status: AnchorStatus;
}

export interface VerifyOptions {
  /** Start after this row (the `next` of the previous page, or an anchor already verified): it must still hold this hash. Default: from the first row. */
  after?: ChainPoint;
  /** Verify at most this many rows. Default: every row up to the head. */
  limit?: number;
  /** A row kept outside the database: the chain must still hold it, with this hash. */
  anchor?: ChainPoint;
}

export interface VerifyResult {
  /** False when a row breaks the chain, or `after` or `anchor` no longer matches; `reason` says which. */
  intact: boolean;
  /** Rows this call verified. */
  count: number;
  /** True when the walk reached the head: every row after `after` (or from the first) is verified. */
  complete: boolean;
  /** The newest row when the call started; null for an empty chain. */
  head: ChainHead | null;
  /** Pass as `after` to verify the next page; null when complete or broken. */
  next: string | null;
  /** The row to blame, when there is one. */
  brokenAt?: { seq: number; id: string };
  reason?: string;
  /** The outcome of the anchor check, when an anchor was given. */
  anchor?: AnchorCheck;
}

const ROWS_PER_READ = 1000;
const CHAIN_POINT = /^([1-9]\d{0,15}):([0-9a-f]{64})$/i;

/** `<seq>:<hash>`, as `next` and anchors are written. */
export function formatChainPoint(point: ChainPoint): string {
  return `${point.seq}:${point.hash}`;
}

/** Parses `<seq>:<hash>` (seq from 1, hash 64 hex digits), or undefined. */
export function parseChainPoint(text: string): ChainPoint | undefined {
  const match = CHAIN_POINT.exec(text);
  if (match?.[1] === undefined || match[2] === undefined) return undefined;
  return { seq: Number(match[1]), hash: match[2].toLowerCase() };
}

/**
 * Walks the chain in seq order, from the first row or from `after`, up to the head read when the call
 * starts (or `limit` rows), and reports the first row that does not follow from its predecessor: a gap
 * in seq or a prev_hash mismatch (a row removed or inserted before it), or a hash that no longer
 * matches its content (the row was edited). Rows cut from the end leave a shorter intact chain: an
 * `anchor` (a head kept elsewhere) catches that, as `truncated`, and a chain rewritten from a row
 * on, as `rewritten`.
 */
export async function verifyChain(db: Kysely<AuditSchema>, options: VerifyOptions = {}): Promise<VerifyResult> {
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  if (limit !== Number.POSITIVE_INFINITY && (!Number.isSafeInteger(limit) || limit < 1))
    throw new InvalidAuditQueryError('limit must be a positive integer');
  const newest = await db
    .selectFrom('audit_events')
    .select(['seq', 'hash', 'recorded_at'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const head = newest === undefined ? null : { seq: newest.seq, hash: newest.hash, at: newest.recorded_at };
  const anchor = options.anchor === undefined ? undefined : await checkPoint(db, options.anchor, head, 'the anchor');

  let result: VerifyResult;
  const after = options.after === undefined ? undefined : await checkPoint(db, options.after, head, '`after`');
  if (after !== undefined && after.check.status !== 'matches') {
    result = broken(head, 0, after.problem);
  } else {
    result = await walk(db, options.after ?? { seq: 0, hash: GENESIS_HASH }, head, limit);
  }
  if (anchor === undefined) return result;
  if (result.intact && anchor.check.status !== 'matches')
    return { ...result, intact: false, ...anchor.problem, anchor: anchor.check };
  return { ...result, anchor: anchor.check };
}

/** A chain found broken after `count` good rows: nothing past the break is verified, so there is no `next`. */
const broken = (
  head: ChainHead | null,
  count: number,
  problem: Pick<VerifyResult, 'brokenAt' | 'reason'>,
): VerifyResult => ({ intact: false, count, complete: false, head, next: null, ...problem });

async function walk(
  db: Kysely<AuditSchema>,
  start: ChainPoint,
  head: ChainHead | null,
  limit: number,
): Promise<VerifyResult> {
  let previous = start;
  let count = 0;
  const last = head?.seq ?? 0;
  while (previous.seq < last && count < limit) {
    const rows = await db
      .selectFrom('audit_events')
      .selectAll()
      .where('seq', '>', previous.seq)
      .where('seq', '<=', last)
      .orderBy('seq', 'asc')
      .limit(Math.min(ROWS_PER_READ, limit - count))
      .execute();
    // Rows up to the head vanished while the walk ran: the seq after the last one verified is missing.
    if (rows.length === 0)
      return broken(head, count, {
        reason: `the rows after seq ${previous.seq} up to the head (seq ${last}) are missing`,
      });
    for (const row of rows) {
      const reason = breakReason(row, previous);
      if (reason !== undefined) return broken(head, count, { brokenAt: { seq: row.seq, id: row.id }, reason });
      previous = row;
      count += 1;
    }
  }
  const complete = previous.seq >= last;
  return { intact: true, count, complete, head, next: complete ? null : formatChainPoint(previous) };
}

/** Whether the chain still holds `point`, and if not, what to report. */
async function checkPoint(
  db: Kysely<AuditSchema>,
  point: ChainPoint,
  head: ChainHead | null,
  name: string,
): Promise<{ check: AnchorCheck; problem: Pick<VerifyResult, 'brokenAt' | 'reason'> }> {
  const row = await db
    .selectFrom('audit_events')
    .select(['id', 'hash'])
    .where('seq', '=', point.seq)
    .executeTakeFirst();
  const check = (status: AnchorStatus): AnchorCheck => ({ seq: point.seq, hash: point.hash, status });
  if (row?.hash === point.hash) return { check: check('matches'), problem: {} };
  if (row !== undefined) {
    return {
      check: check('rewritten'),
      problem: {
        brokenAt: { seq: point.seq, id: row.id },
        reason: `row ${point.seq} has another hash than ${name} gives: the chain was rewritten from there on`,
      },
    };
  }
  if (head === null || head.seq < point.seq) {
    return {
      check: check('truncated'),
      problem: {
        reason: `the chain ends at seq ${head?.seq ?? 0}, before row ${point.seq} that ${name} names: rows were removed from its end`,
      },
    };
  }
  return {
    check: check('rewritten'),
    problem: { reason: `row ${point.seq} that ${name} names is missing from the chain: rows were removed` },
  };
}

function breakReason(row: Selectable<AuditEventsTable>, previous: ChainPoint): string | undefined {
  if (row.seq !== previous.seq + 1) return `seq ${row.seq} follows seq ${previous.seq}: rows are missing`;
  if (row.prev_hash !== previous.hash)
    return 'prev_hash does not match the previous row: a row was removed, replaced or inserted before this one';
  let content: string;
  try {
    content = contentJson(row);
  } catch {
    return 'detail is not valid JSON: the row was edited';
  }
  if (rowHash(row.prev_hash, content) !== row.hash) return 'hash does not match the row content: the row was edited';
  return undefined;
}
