import type { z } from 'zod';
import { VARIABLES } from './index';
import { variableMeta } from './read-env';

/** A variable as docs/configuration.md documents it. */
export interface DocumentedVariable {
  name: string;
  alias?: string;
  /** The schema's default as it is written in the environment; undefined when the mapping supplies it. */
  default?: string;
  /** The default column (Markdown). */
  shownDefault: string;
  meaning: string;
}

const schemaDefault = (schema: z.core.$ZodType): string | undefined => {
  const def = schema._zod.def as { type: string; defaultValue?: unknown };
  return def.type === 'default' || def.type === 'prefault' ? String(def.defaultValue) : undefined;
};

export function documentedVariables(): DocumentedVariable[] {
  return Object.entries(VARIABLES).map(([name, schema]) => {
    const meta = variableMeta(schema);
    if (!meta.description) throw new Error(`${name} has no .describe(): its meaning goes in the configuration table`);
    const value = schemaDefault(schema);
    const shownDefault = meta.shownDefault ?? (value === undefined ? 'unset' : `\`${value}\``);
    return { name, alias: meta.alias, default: value, shownDefault, meaning: meta.description };
  });
}

const HEADER = '| variable | default | meaning |\n|---|---|---|';

/** The configuration table of docs/configuration.md, from the schemas. */
export function configTable(): string {
  const rows = documentedVariables().map((v) => {
    const names = v.alias ? `\`${v.name}\` (alias \`${v.alias}\`)` : `\`${v.name}\``;
    return `| ${names} | ${v.shownDefault} | ${v.meaning} |`;
  });
  return [HEADER, ...rows].join('\n');
}

/** The page that holds the whole table, relative to the repository's root. */
export const CONFIG_DOC = 'docs/configuration.md';

/** Where the configuration table is in that page's text: from its header to the blank line after it. */
export function tableSpan(page: string): { start: number; end: number } {
  const start = page.indexOf(HEADER);
  if (start < 0) throw new Error(`${CONFIG_DOC} has no configuration table`);
  const end = page.indexOf('\n\n', start);
  return { start, end: end < 0 ? page.length : end };
}
