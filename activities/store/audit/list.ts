import type { Kysely, Selectable } from 'kysely';
import { type EventContent, normaliseTimestamp } from './events';
import { InvalidAuditQueryError } from './invalid-audit-query-error';
import type { AuditEventsTable, AuditSchema } from '../schema';

export interface AuditQuery {
  actor?: string;
  action?: string;
  resource?: string;
  /** Events with `at` at or after this instant (ISO 8601 with a zone). */
  from?: string;
  /** Events with `at` strictly before this instant (ISO 8601 with a zone). */
  to?: string;
  /** Page size, 1 to 1000. Default 100. */
  limit?: number;
  /** `nextCursor` from the previous page. */
  cursor?: string;
}

/** An event as the API shows it: `detail` parsed, the chain fields in camelCase. */
export interface AuditEvent extends Omit<EventContent, 'detail'> {
  seq: number;
  detail: unknown;
  recordedAt: string;
  prevHash: string;
  hash: string;
}

export interface AuditPage {
  /** Newest recorded first (descending seq). */
  events: AuditEvent[];
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

export async function listEvents(db: Kysely<AuditSchema>, query: AuditQuery): Promise<AuditPage> {
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE)
    throw new InvalidAuditQueryError(`limit must be an integer from 1 to ${MAX_PAGE_SIZE}`);
  const from = bound('from', query.from);
  const to = bound('to', query.to);
  const before = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  let select = db.selectFrom('audit_events').selectAll();
  if (query.actor !== undefined) select = select.where('actor', '=', query.actor);
  if (query.action !== undefined) select = select.where('action', '=', query.action);
  if (query.resource !== undefined) select = select.where('resource', '=', query.resource);
  if (from !== undefined) select = select.where('at', '>=', from);
  if (to !== undefined) select = select.where('at', '<', to);
  if (before !== undefined) select = select.where('seq', '<', before);
  const rows = await select
    .orderBy('seq', 'desc')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    events: page.map(toAuditEvent),
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(last.seq) : null,
  };
}

export function toAuditEvent(row: Selectable<AuditEventsTable>): AuditEvent {
  const { seq, id, actor, action, resource, at } = row;
  return {
    seq,
    id,
    actor,
    action,
    resource,
    at,
    detail: JSON.parse(row.detail) as unknown,
    recordedAt: row.recorded_at,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

function bound(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const normalised = normaliseTimestamp(value);
  if (normalised === undefined)
    throw new InvalidAuditQueryError(`${name} must be an ISO 8601 timestamp with a time zone`);
  return normalised;
}

/** The cursor of a page that starts at the event `seq` (a link to one row of the log, e.g. where the chain breaks). */
export const cursorAt = (seq: number): string => encodeCursor(seq + 1);

// Opaque to clients, so its shape can change; the version prefix lets old cursors be recognised.
function encodeCursor(seq: number): string {
  return Buffer.from(`v1:${seq}`).toString('base64url');
}

function decodeCursor(cursor: string): number {
  const match = /^v1:([1-9]\d{0,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (match?.[1] === undefined) throw new InvalidAuditQueryError('cursor is not one this server issued');
  return Number(match[1]);
}
