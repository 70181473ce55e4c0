import type { z } from 'zod';
import { parseFields } from '../validation/field-errors';
import { ValidationError } from './errors';

/** Parses a body with a zod schema; on failure throws a 400 naming every bad field. */
export function validate<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const parsed = parseFields(schema, input);
  if ('errors' in parsed) throw new ValidationError(parsed.errors);
  return parsed.data;
}

/** The same for a route's query parameters: each error is `in: 'query'`. */
export function validateQuery<S extends z.ZodType>(schema: S, query: unknown): z.infer<S> {
  const parsed = parseFields(schema, query, 'query');
  if ('errors' in parsed) throw new ValidationError(parsed.errors);
  return parsed.data;
}
