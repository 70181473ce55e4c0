import type { z } from 'zod';
import { parseFields } from '../validation/field-errors';
import { ValidationError } from './errors';

/** Parses with a zod schema; on failure throws a 400 naming every bad field. */
export function validate<S extends z.ZodType>(schema: S, input: unknown, root = ''): z.infer<S> {
  const parsed = parseFields(schema, input, root);
  if ('errors' in parsed) throw new ValidationError(parsed.errors);
  return parsed.data;
}
