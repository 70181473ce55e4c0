import type { z } from 'zod';

export interface FieldError {
  field: string;
  message: string;
}

/** Parses with a zod schema; on failure, every bad field by name (`to[1]`, `attachments[0].contentBase64`). */
export function parseFields<S extends z.ZodType>(schema: S, input: unknown, root = ''): { data: z.infer<S> } | { errors: FieldError[] } {
  const result = schema.safeParse(input);
  if (result.success) return { data: result.data };
  return { errors: result.error.issues.flatMap((issue) => issueErrors(root, issue)) };
}

/** An unknown field is named itself (`surprise`), not the object holding it. */
function issueErrors(root: string, issue: z.core.$ZodIssue): FieldError[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({ field: fieldName(root, [...issue.path, key]), message: 'is not a field of this request' }));
  }
  return [{ field: fieldName(root, issue.path) || '(body)', message: issue.message }];
}

function fieldName(root: string, path: PropertyKey[]): string {
  return path.reduce<string>((name, part) => (typeof part === 'number' ? `${name}[${part}]` : name ? `${name}.${String(part)}` : String(part)), root);
}
