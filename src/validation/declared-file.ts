// What the declarative files (schedules, task types) share: read YAML, check each entry with the
// schema of its API, and fail with one line naming the entry and field.
import fs from 'node:fs';
import { parse } from 'yaml';
import type { z } from 'zod';
import { parseFields } from './field-errors';

/** Throws the file's own error with `what`, prefixed by the file. */
export type FileFailure = (what: string) => never;

/** The file's YAML document (`{}` when empty); undefined when the default file is absent. A named file must exist. */
export function readYamlFile(source: { file: string; required: boolean }, fail: FileFailure): unknown {
  if (!source.required && !fs.existsSync(source.file)) return undefined;
  let text = '';
  try {
    text = fs.readFileSync(source.file, 'utf8');
  } catch (err) {
    fail((err as Error).message);
  }
  try {
    return parse(text) ?? {};
  } catch (err) {
    return fail(`not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
}

/** `input` parsed with `schema`, or a failure naming `entry` (e.g. "schedules[2] (digest) ") and the first bad field. */
export function checkedEntry<S extends z.ZodType>(
  schema: S,
  input: unknown,
  entry: string,
  fail: FileFailure,
): z.infer<S> {
  const parsed = parseFields(schema, input);
  if ('data' in parsed) return parsed.data;
  const first = parsed.errors[0]!;
  return fail(`${entry}${first.field}: ${first.message}`);
}

/** How a failure names entry `i` of list `list`: `schedules[2] (digest) `, with the entry's `key` when it has one. */
export function entryLabel(list: string, i: number, entry: unknown, key: string): string {
  const value = (entry as Record<string, unknown> | null)?.[key];
  return `${list}[${i}]${typeof value === 'string' ? ` (${value})` : ''} `;
}
