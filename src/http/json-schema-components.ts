import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';

export type JsonSchema = Record<string, unknown>;

const LOCAL_DEF = /^#\/\$defs\/(.+)$/;
const COMPONENT = (name: string): string => `#/components/schemas/${name}`;

/** Every `$ref` in a schema, rewritten by `to` (undefined: left as it is). */
function rewriteRefs(node: unknown, to: (ref: string) => string | undefined): unknown {
  if (Array.isArray(node)) return node.map((item) => rewriteRefs(item, to));
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => [
      key,
      key === '$ref' && typeof value === 'string' ? (to(value) ?? value) : rewriteRefs(value, to),
    ]),
  );
}

function convert(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    target: 'draft-2020-12',
  }) as JsonSchema;
  return rest;
}

/** A recursive schema zod named `__schemaN`, with its references to itself as `#`: comparable across conversions. */
const selfContained = (name: string, def: unknown): unknown =>
  rewriteRefs(def, (ref) => (ref === `#/$defs/${name}` ? '#' : undefined));

/** Recursive schemas without an id that the API has, by their shape: zod gives each a `__schemaN` name of its own. */
const ANONYMOUS: readonly [string, unknown][] = [['JsonValue', convert(z.json(), 'input')]];

/**
 * `components.schemas` of an OpenAPI document, filled from zod schemas. Zod puts a schema with an `id` (`.meta({ id })`)
 * and any recursive one in the `$defs` of each schema it converts, and refers to them as `#/$defs/...`, which in a
 * document means its root: here each goes to `components.schemas` under its id, and the references with it.
 */
export class SchemaComponents {
  readonly schemas: Record<string, JsonSchema> = {};

  /** The JSON Schema of `schema` as a client sends it (`input`) or receives it (`output`). */
  add(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
    const { $defs, ...root } = convert(schema, io) as JsonSchema & { $defs?: Record<string, JsonSchema> };
    const names = new Map(Object.entries($defs ?? {}).map(([name, def]) => [name, this.nameOf(name, def)]));
    const to = (ref: string): string | undefined => {
      const local = LOCAL_DEF.exec(ref)?.[1];
      return local && names.has(local) ? COMPONENT(names.get(local)!) : undefined;
    };
    for (const [name, def] of Object.entries($defs ?? {})) {
      const component = rewriteRefs(def, to) as JsonSchema;
      const key = names.get(name)!;
      const existing = this.schemas[key];
      if (existing && !isDeepStrictEqual(existing, component))
        throw new Error(`two different schemas are both components.schemas.${key}`);
      this.schemas[key] = component;
    }
    return rewriteRefs(root, to) as JsonSchema;
  }

  private nameOf(name: string, def: unknown): string {
    if (!/^__schema\d+$/.test(name)) return name;
    const shape = selfContained(name, def);
    const known = ANONYMOUS.find(([, s]) => isDeepStrictEqual(s, shape));
    if (!known)
      throw new Error(`a recursive schema without an id: give it one with .meta({ id }) (${JSON.stringify(def)})`);
    return known[0];
  }
}
