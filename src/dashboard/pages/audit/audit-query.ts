import type { ParsedUrlQuery } from 'node:querystring';
import { type AuditQuery, normaliseTimestamp } from '../../../../activities/store';
import { auditQuerySchema } from '../../../audit/audit-event-schema';
import { type FieldError, parseFields } from '../../../validation/field-errors';
import { DEFAULT_PAGE_SIZE, localInputValue, utcTime, withValue } from '../jobs/jobs-query';

/** The filters of the audit view, by their query parameter names (those of GET /v1/audit-events). */
export const AUDIT_FILTER_FIELDS = ['actor', 'action', 'resource', 'from', 'to'] as const;
export type AuditFilterField = (typeof AUDIT_FILTER_FIELDS)[number];

/** What the form shows back: each value as it was given, so a bad one can be corrected in place. */
export type AuditFormValues = Partial<Record<AuditFilterField | 'limit', string>>;

export type AuditViewQuery =
  | { ok: true; query: AuditQuery & { limit: number }; form: AuditFormValues }
  | { ok: false; errors: FieldError[]; form: AuditFormValues };

/**
 * The audit view's query, checked by the API's own schema (GET /v1/audit-events) once empty fields are dropped
 * and datetime-local values are read as UTC. A bad value is a field error beside the form, never an exception.
 */
export function parseAuditQuery(query: ParsedUrlQuery): AuditViewQuery {
  const given: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== '') given[name] = value;
  const input: Record<string, string | string[]> = { ...given };
  for (const name of ['from', 'to'] as const) {
    const value = given[name];
    if (value !== undefined) input[name] = Array.isArray(value) ? value.map(utcTime) : utcTime(value);
  }
  const form: AuditFormValues = {};
  for (const name of [...AUDIT_FILTER_FIELDS, 'limit'] as const) {
    const value = given[name];
    if (value !== undefined) form[name] = Array.isArray(value) ? value[0] : value;
  }
  const parsed = parseFields(auditQuerySchema, input, 'query');
  if ('errors' in parsed) return { ok: false, errors: parsed.errors.map((e) => withValue(e, given)), form };
  const { limit = DEFAULT_PAGE_SIZE, ...rest } = parsed.data;
  for (const name of ['from', 'to'] as const) {
    const at = normaliseTimestamp(rest[name]);
    if (at) form[name] = localInputValue(new Date(at));
  }
  return { ok: true, query: { ...rest, limit }, form };
}

/** The query of a link to these filters (ISO times, the default limit left out, no cursor). */
export function auditFiltersQuery(query: AuditQuery & { limit: number }): Record<string, string | undefined> {
  return {
    actor: query.actor,
    action: query.action,
    resource: query.resource,
    from: query.from,
    to: query.to,
    limit: query.limit === DEFAULT_PAGE_SIZE ? undefined : String(query.limit),
  };
}
