import { canonicalJson } from './canonical';
import { InvalidAuditEventError } from './invalid-audit-event-error';

/** One audit event as callers send it. `at` is an ISO 8601 timestamp with a zone (Z or ±hh:mm). */
export interface AuditEventInput {
  id: string;
  actor: string;
  action: string;
  resource: string;
  at: string;
  detail?: unknown;
  /**
   * `at` is when the API accepted the event, because its sender gave none: a copy sent again is the same
   * event whatever its `at`, and the first copy's `at` stands. Not stored: it only decides what matches.
   */
  atDefaulted?: boolean;
}

/**
 * The hashed content of an event, normalised so equal events compare and hash equal:
 * `at` as UTC with milliseconds (Date#toISOString), `detail` as canonical JSON text
 * (an absent detail is stored as `null`).
 */
export interface EventContent {
  id: string;
  actor: string;
  action: string;
  resource: string;
  at: string;
  detail: string;
}

const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** Parses an ISO 8601 timestamp with a zone into its UTC millisecond form, or undefined. */
export function normaliseTimestamp(value: unknown): string | undefined {
  if (typeof value !== 'string' || !ISO_TIMESTAMP.test(value)) return undefined;
  const millis = Date.parse(value);
  if (Number.isNaN(millis)) return undefined;
  const iso = new Date(millis).toISOString();
  // Years outside 0000-9999 come out as ±YYYYYY and would break the lexical order `at` filters rely on.
  return /^\d{4}-/.test(iso) ? iso : undefined;
}

export function toEventContent(input: AuditEventInput): EventContent {
  const candidate = input as Partial<Record<keyof AuditEventInput, unknown>>;
  const id = typeof candidate.id === 'string' ? candidate.id : undefined;
  for (const field of ['id', 'actor', 'action', 'resource'] as const) {
    const value = candidate[field];
    if (typeof value !== 'string' || value.length === 0)
      throw new InvalidAuditEventError(id, `${field} must be a non-empty string`);
  }
  const at = normaliseTimestamp(candidate.at);
  if (at === undefined) throw new InvalidAuditEventError(id, 'at must be an ISO 8601 timestamp with a time zone');
  let detail: string;
  try {
    detail = canonicalJson(candidate.detail ?? null, 'detail');
  } catch (error) {
    throw new InvalidAuditEventError(id, (error as Error).message);
  }
  return { id: input.id, actor: input.actor, action: input.action, resource: input.resource, at, detail };
}

/** The canonical JSON of an event's content: the text that gets hashed. Throws if `detail` is not JSON text. */
export function contentJson(content: EventContent): string {
  return canonicalContentJson({ ...content, detail: canonicalJson(JSON.parse(content.detail)) });
}

/**
 * contentJson of content whose `detail` is canonical JSON already, as toEventContent makes it: the
 * same text, written out with the keys in their sorted order instead of parsing and encoding `detail` again.
 */
export function canonicalContentJson(content: EventContent): string {
  const text = JSON.stringify;
  return `{"action":${text(content.action)},"actor":${text(content.actor)},"at":${text(content.at)},"detail":${content.detail},"id":${text(content.id)},"resource":${text(content.resource)}}`;
}

/** What a new event is to the stored one with its id: a copy sent again (`duplicate`), or other content under the id (`conflict`). */
export function compareToStored(
  stored: EventContent,
  content: EventContent,
  atDefaulted = false,
): 'duplicate' | 'conflict' {
  const same =
    stored.actor === content.actor &&
    stored.action === content.action &&
    stored.resource === content.resource &&
    stored.detail === content.detail &&
    (atDefaulted || stored.at === content.at);
  return same ? 'duplicate' : 'conflict';
}
