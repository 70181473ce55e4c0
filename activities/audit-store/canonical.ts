import { createHash } from 'node:crypto';

/** The prevHash of the first row: the chain starts from 64 zeros. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * Canonical JSON: object keys sorted by UTF-16 code units (as Array#sort does), no whitespace,
 * `toJSON` honoured and undefined object members dropped as JSON.stringify does. Values JSON cannot
 * round-trip (NaN, Infinity, bigint, functions, symbols) throw a TypeError instead of being
 * silently changed, because the stored text must hash the same tomorrow as today.
 */
export function canonicalJson(value: unknown, name = 'value'): string {
  const text = encode(value, name);
  if (text === undefined) throw new TypeError(`${name} is not representable as JSON`);
  return text;
}

function encode(input: unknown, path: string): string | undefined {
  const value = hasToJson(input) ? input.toJSON() : input;
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`${path} is not a finite number`);
    return JSON.stringify(value);
  }
  if (value === undefined) return undefined;
  if (typeof value !== 'object') throw new TypeError(`${path} (${typeof value}) is not representable as JSON`);
  if (Array.isArray(value)) {
    return `[${value.map((item, index) => encode(item, `${path}[${index}]`) ?? 'null').join(',')}]`;
  }
  const members: string[] = [];
  for (const key of Object.keys(value).sort()) {
    const encoded = encode((value as Record<string, unknown>)[key], `${path}.${key}`);
    if (encoded !== undefined) members.push(`${JSON.stringify(key)}:${encoded}`);
  }
  return `{${members.join(',')}}`;
}

function hasToJson(value: unknown): value is { toJSON(): unknown } {
  return typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON === 'function';
}

/** A row's hash: SHA-256 (hex) over the previous row's hash followed by the row's canonical content. */
export function rowHash(prevHash: string, canonicalContent: string): string {
  return createHash('sha256').update(prevHash).update(canonicalContent).digest('hex');
}
