import type { ParsedUrlQuery } from 'node:querystring';
import type { JobFilters } from '../../../jobs/job-query';
import { jobListQuerySchema } from '../../../http/schemas/job-list';
import { type FieldError, parseFields } from '../../../validation/field-errors';

/** The filters of the jobs view, by their query parameter names (those of GET /v1/jobs). */
export const FILTER_FIELDS = ['kind', 'status', 'tag', 'taskType', 'since', 'until'] as const;
export type FilterField = (typeof FILTER_FIELDS)[number];

export const PAGE_SIZES = [20, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 20;

/** What the form shows back: each value as it was given, so a bad one can be corrected in place. */
export type JobsFormValues = Partial<Record<FilterField | 'limit', string>>;

export type JobsQuery =
  | { ok: true; filters: JobFilters; limit: number; cursor?: string; form: JobsFormValues }
  | { ok: false; errors: FieldError[]; form: JobsFormValues };

// A datetime-local input sends "2026-12-02T08:30" or "…T08:30:15", without a zone: the view's times are UTC.
const LOCAL_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/;

export const utcTime = (value: string): string =>
  LOCAL_TIME.test(value) ? `${value}${value.length === 16 ? ':00' : ''}Z` : value;

/** A time as a datetime-local input's value (UTC, seconds kept, milliseconds only when there are some). */
export const localInputValue = (at: Date): string => at.toISOString().slice(0, at.getUTCMilliseconds() ? 23 : 19);

/**
 * The jobs view's query, checked by the API's own schema (GET /v1/jobs) once empty fields are dropped (a form
 * sends every field, filled or not) and datetime-local values are read as UTC. A bad value is a field error,
 * never an exception: the page shows it beside the form.
 */
export function parseJobsQuery(query: ParsedUrlQuery): JobsQuery {
  const given: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== '') given[name] = value;
  const input = { ...given, ...timesOf(given, 'since'), ...timesOf(given, 'until') };
  const form: JobsFormValues = {};
  for (const name of [...FILTER_FIELDS, 'limit'] as const) {
    const value = given[name];
    if (value !== undefined) form[name] = Array.isArray(value) ? value[0] : value;
  }
  const parsed = parseFields(jobListQuerySchema, input, 'query');
  if ('errors' in parsed) return { ok: false, errors: parsed.errors.map((e) => withValue(e, given)), form };
  const { limit, cursor, ...filters } = parsed.data;
  if (filters.since) form.since = localInputValue(filters.since);
  if (filters.until) form.until = localInputValue(filters.until);
  return { ok: true, filters, limit, cursor, form };
}

function timesOf(given: Record<string, string | string[]>, name: 'since' | 'until') {
  const value = given[name];
  if (value === undefined) return {};
  return { [name]: Array.isArray(value) ? value.map(utcTime) : utcTime(value) };
}

/** The message with what was given, so "since: must be a time" says which text was not one. */
function withValue(error: FieldError, given: Record<string, string | string[]>): FieldError {
  const value = given[error.field];
  return typeof value === 'string'
    ? { ...error, message: `${error.message} (given: ${JSON.stringify(value)})` }
    : error;
}

/** The query of a link to these filters (the canonical form: ISO times, the default limit left out). */
export function filtersQuery(filters: JobFilters, limit: number): Record<string, string | undefined> {
  return {
    kind: filters.kind,
    status: filters.status,
    tag: filters.tag,
    taskType: filters.taskType,
    since: filters.since?.toISOString(),
    until: filters.until?.toISOString(),
    limit: limit === DEFAULT_PAGE_SIZE ? undefined : String(limit),
  };
}
