import { z } from 'zod';
import { ConfigError } from './config-error';

/** What the variables' schemas give once parsed. */
export type Env<S extends z.ZodRawShape> = z.output<z.ZodObject<S>>;

/** What a variable's schema carries besides its meaning (`.describe()`) and default, in its `.meta()`. */
export interface VariableMeta {
  description?: string;
  /** Another, older name for the same setting (a duration's `_MS` name, a TLS path's pre-envconfig name); setting both is an error. */
  alias?: string;
  /** A wrong value is reported without it. */
  secret?: boolean;
  /** The default as people read it, when the mapping rather than the schema supplies it. */
  shownDefault?: string;
}

export const variableMeta = (schema: z.core.$ZodType): VariableMeta =>
  (z.globalRegistry.get(schema) ?? {}) as VariableMeta;

/** Every name a variable can be set under: its own, then its alias. */
export const variableNames = (variables: z.ZodRawShape): string[] =>
  Object.entries(variables).flatMap(([name, schema]) => [name, variableMeta(schema).alias ?? []].flat());

/**
 * Parses `env` with the variables' schemas. An empty value counts as unset, so a copied .env.example with
 * blanks behaves like the defaults; an alias stands in for its variable; the first wrong value throws a
 * ConfigError naming the variable as it was set.
 */
export function readEnv<S extends z.ZodRawShape>(variables: S, env: NodeJS.ProcessEnv): Env<S> {
  const given: Record<string, string> = Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => Boolean(entry[1])),
  );
  const setAs = new Map<string, string>();
  for (const [name, schema] of Object.entries(variables)) {
    const alias = variableMeta(schema).alias;
    if (alias === undefined || given[alias] === undefined) continue;
    if (given[name] !== undefined)
      throw new ConfigError(`${name} and ${alias} are both set: they are one setting, keep ${name}`);
    given[name] = given[alias];
    setAs.set(name, alias);
  }
  const parsed = z.object(variables).safeParse(given);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const variable = String(issue.path[0]);
  const name = setAs.get(variable) ?? variable;
  const shown = variableMeta(variables[variable]!).secret ? '(hidden)' : JSON.stringify(given[name] ?? '');
  throw new ConfigError(`${name}=${shown} is invalid: ${issue.message}`);
}
