// Not the `canonicalize` package (RFC 8785 JCS): it writes the same bytes for every value both accept, but it
// throws on lone surrogates, which JSON.parse lets through and stored chains may hold (those rows would no
// longer verify), its errors do not name the field (our 400 does), and it ships as an ES module for Node 22.
// test/activities/audit-chain-hashes.test.ts pins the hashes of a fixture chain against any such swap.
import { hash } from 'node:crypto';

/** The prevHash of the first row: the chain starts from 64 zeros. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * Canonical JSON: object keys sorted by UTF-16 code units (as Array#sort does), no whitespace,
 * `toJSON` honoured and undefined object members dropped as JSON.stringify does. Values JSON cannot
 * round-trip (NaN, Infinity, bigint, functions, symbols) throw a TypeError instead of being
 * silently changed, because the stored text must hash the same tomorrow as today.
 */
export function canonicalJson(value: unknown, name = 'value'): string {
  const text = encode(value, [name]);
  if (text === undefined) throw new TypeError(`${name} is not representable as JSON`);
  return text;
}

/** `path` names `input` (the name, then the keys and indexes leading to it), pushed and popped as the walk goes: only an error message turns it into text. */
function encode(input: unknown, path: (string | number)[]): string | undefined {
  const value = hasToJson(input) ? input.toJSON() : input;
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`${pathText(path)} is not a finite number`);
    return JSON.stringify(value);
  }
  if (value === undefined) return undefined;
  if (typeof value !== 'object')
    throw new TypeError(`${pathText(path)} (${typeof value}) is not representable as JSON`);
  if (Array.isArray(value)) {
    let text = '[';
    for (let index = 0; index < value.length; index++) {
      path.push(index);
      // A hole or undefined is null, as JSON.stringify writes it.
      text += `${index === 0 ? '' : ','}${encode(value[index], path) ?? 'null'}`;
      path.pop();
    }
    return `${text}]`;
  }
  let text = '';
  for (const key of Object.keys(value).sort()) {
    path.push(key);
    const encoded = encode((value as Record<string, unknown>)[key], path);
    path.pop();
    if (encoded !== undefined) text += `${text === '' ? '' : ','}${JSON.stringify(key)}:${encoded}`;
  }
  return `{${text}}`;
}

function pathText(path: readonly (string | number)[]): string {
  return path.map((step, index) => (index === 0 ? step : typeof step === 'number' ? `[${step}]` : `.${step}`)).join('');
}

function hasToJson(value: unknown): value is { toJSON(): unknown } {
  return typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON === 'function';
}

/** A row's hash: SHA-256 (hex) over the previous row's hash followed by the row's canonical content. */
export function rowHash(prevHash: string, canonicalContent: string): string {
  // One-shot hashing of the joined text: the same digest as two update() calls, at a third of the cost.
  return hash('sha256', prevHash + canonicalContent, 'hex');
}
