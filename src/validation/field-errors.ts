import type { z } from 'zod';
import { closestName } from './closest-name';

export interface FieldError {
  field: string;
  message: string;
  /** Where the field is when it is not in the body. */
  in?: 'query' | 'header';
}

/** The errors as one line, `field: message; …`: a problem's detail, or a plain-text refusal. */
export const describeFieldErrors = (errors: readonly FieldError[]): string =>
  errors.map((e) => `${e.field}: ${e.message}`).join('; ');

/** What is parsed: a body (or a file) or a route's query parameters. */
export type FieldSource = 'body' | 'query';

/** The message for a name the schema does not have. */
export const UNKNOWN_NAME: Record<FieldSource, string> = {
  body: 'is not a field of this request',
  query: 'is not a query parameter of this route',
};

/** Parses with a zod schema; on failure, every bad field by name (`to[1]`, `attachments[0].contentBase64`). */
export function parseFields<S extends z.ZodType>(
  schema: S,
  input: unknown,
  source: FieldSource = 'body',
): { data: z.infer<S> } | { errors: FieldError[] } {
  // The object schema that found an unknown key is only known while zod reports it: keep its keys for a did-you-mean.
  const knownKeys = new Map<string, string[]>();
  const result = schema.safeParse(input, {
    error: (issue) => {
      const shape =
        issue.code === 'unrecognized_keys'
          ? (issue.inst?._zod.def as { shape?: object } | undefined)?.shape
          : undefined;
      if (shape) knownKeys.set(issueId(issue.path ?? [], issue.keys as string[]), Object.keys(shape));
      return undefined; // zod's own message
    },
  });
  if (result.success) return { data: result.data };
  const where = source === 'query' ? { in: 'query' as const } : {};
  return {
    errors: result.error.issues
      .flatMap((issue) => issueErrors(issue, source, knownKeys))
      .map((e) => ({ ...e, ...where })),
  };
}

/** An unknown field is named itself (`surprise`), not the object holding it. */
function issueErrors(issue: z.core.$ZodIssue, source: FieldSource, knownKeys: Map<string, string[]>): FieldError[] {
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeys.get(issueId(issue.path, issue.keys)) ?? [];
    return issue.keys.map((key) => {
      const typo = closestName(key, known);
      return {
        field: fieldName([...issue.path, key]),
        message:
          typo === undefined ? UNKNOWN_NAME[source] : `${UNKNOWN_NAME[source]}; did you mean ${JSON.stringify(typo)}?`,
      };
    });
  }
  return [{ field: fieldName(issue.path) || `(${source})`, message: issue.message }];
}

function issueId(path: readonly PropertyKey[], keys: readonly string[]): string {
  return JSON.stringify([path.map(String), keys]);
}

function fieldName(path: PropertyKey[]): string {
  return path.reduce<string>(
    (name, part) => (typeof part === 'number' ? `${name}[${part}]` : name ? `${name}.${String(part)}` : String(part)),
    '',
  );
}
