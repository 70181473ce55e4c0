import type { ParsedUrlQuery } from 'node:querystring';
import { z } from 'zod';
import { isoTime } from '../../../http/schemas/job-control';
import { JOB_KINDS } from '../../../kinds';
import { type FieldError, parseFields } from '../../../validation/field-errors';
import { localInputValue, utcTime } from '../jobs/jobs-query';

/** The windows the view offers; a preset one ends now and moves with the clock. */
export const WINDOWS = [
  { value: '1h', label: 'Last hour', ms: 3_600_000 },
  { value: '24h', label: 'Last 24 hours', ms: 86_400_000 },
  { value: '7d', label: 'Last 7 days', ms: 7 * 86_400_000 },
  { value: 'custom', label: 'Custom' },
] as const;
export type WindowChoice = (typeof WINDOWS)[number]['value'];
export const DEFAULT_WINDOW: WindowChoice = '7d';

const FIELDS = ['window', 'kind', 'since', 'until'] as const;
export type WindowFormValues = Partial<Record<(typeof FIELDS)[number], string>>;

export interface DeadLettersWindow {
  choice: WindowChoice;
  kind?: string;
  /** A preset window's length: its since is this long before now, wherever "now" is (the stream, the replay). */
  presetMs?: number;
  since: Date;
  /** Left out: up to now. */
  until?: Date;
}

export type WindowQuery =
  | { ok: true; window: DeadLettersWindow; form: WindowFormValues }
  | { ok: false; errors: FieldError[]; form: WindowFormValues };

const windowQuerySchema = z
  .strictObject({
    window: z.enum(WINDOWS.map((w) => w.value) as [WindowChoice, ...WindowChoice[]]).default(DEFAULT_WINDOW),
    kind: z.enum(JOB_KINDS.map((k) => k.name) as [string, ...string[]]).optional(),
    since: isoTime.optional(),
    until: isoTime.optional(),
  })
  .refine((q) => q.window !== 'custom' || q.since !== undefined, {
    path: ['since'],
    message: 'is required for a custom window',
  })
  .refine((q) => !q.since || !q.until || q.until > q.since, { path: ['until'], message: 'must be after since' });

/**
 * The view's window from its query: a preset (`window=1h|24h|7d`, since that long before `now`) or
 * `window=custom&since=…[&until=…]` (datetime-local values read as UTC, like the jobs view's), and a kind.
 */
export function parseWindowQuery(query: ParsedUrlQuery, now: Date): WindowQuery {
  const form: WindowFormValues = {};
  for (const name of FIELDS) {
    const value = query[name];
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined && first !== '') form[name] = first;
  }
  const preset = WINDOWS.find((w) => w.value === (form.window ?? DEFAULT_WINDOW) && 'ms' in w);
  // A preset window's own times win: the since and until a form sends along with it are the custom fields, unused.
  const input = preset
    ? { window: form.window, kind: form.kind }
    : { ...form, since: form.since && utcTime(form.since), until: form.until && utcTime(form.until) };
  const parsed = parseFields(windowQuerySchema, input, 'query');
  if ('errors' in parsed) return { ok: false, errors: parsed.errors, form };
  const { window: choice, kind, since, until } = parsed.data;
  if (preset && 'ms' in preset)
    return { ok: true, window: windowAt({ choice, kind, presetMs: preset.ms, since: now }, now), form };
  if (since) form.since = localInputValue(since);
  if (until) form.until = localInputValue(until);
  return { ok: true, window: { choice, kind, since: since!, until }, form };
}

/** The window as of `now`: a preset one ends then. */
export const windowAt = (w: DeadLettersWindow, now: Date): DeadLettersWindow =>
  w.presetMs ? { ...w, since: new Date(now.getTime() - w.presetMs) } : w;

/** The query of a link to this window (and of its live stream). */
export function windowQuery(w: DeadLettersWindow): Record<string, string | undefined> {
  return w.presetMs
    ? { window: w.choice, kind: w.kind }
    : { window: w.choice, kind: w.kind, since: w.since.toISOString(), until: w.until?.toISOString() };
}
