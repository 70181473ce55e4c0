import type { z } from 'zod';
import { ValidationError } from './errors';

/** Parses with a zod schema; on failure throws a 400 naming every bad field (`to[1]`, `attachments[0].contentBase64`). */
export function validate<S extends z.ZodType>(schema: S, input: unknown, root = ''): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError(
    result.error.issues.map((issue) => ({ field: fieldName(root, issue.path) || '(body)', message: issue.message })),
  );
}

function fieldName(root: string, path: PropertyKey[]): string {
  return path.reduce<string>((name, part) => (typeof part === 'number' ? `${name}[${part}]` : name ? `${name}.${String(part)}` : String(part)), root);
}
